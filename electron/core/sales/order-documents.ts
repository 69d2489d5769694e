import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type AddressFormatter from '@fragaria/address-formatter';
import type * as PdfMakeModule from 'pdfmake';
import type { Content, TDocumentDefinitions, TableCell } from 'pdfmake/interfaces.js';
import type { Address } from '../../../shared/customers.js';
import type { OrderDocumentKind } from '../../../shared/sales/order-documents.js';
import type { Order } from '../../../shared/sales/orders.js';
import type { Payment } from '../../../shared/sales/payments.js';
import type { Settings } from '../../../shared/settings.js';
import { lazyModule } from '../common/lazy-module.js';

/*
 * Invoices and packing slips as PDF, laid out by pdfmake (tables, columns, page breaks) rather than
 * drawn at coordinates. pdfmake is a CommonJS singleton: its fonts are set once, and it may read only
 * those font files and fetch nothing, so no text in an order can make it load a file or a URL.
 */

const require = createRequire(import.meta.url);
// Its address templates are 300 KB of code, read only when a document is made, not by every process.
const addressFormatter = lazyModule<typeof AddressFormatter>('@fragaria/address-formatter');
type PdfMake = typeof PdfMakeModule;
let pdfmake: PdfMake | null = null;

function printer(): PdfMake {
  if (pdfmake) return pdfmake;
  const loaded = require('pdfmake') as PdfMake;
  const fonts = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const files = {
    normal: join(fonts, 'Roboto-Regular.ttf'),
    bold: join(fonts, 'Roboto-Medium.ttf'),
    italics: join(fonts, 'Roboto-Italic.ttf'),
    bolditalics: join(fonts, 'Roboto-MediumItalic.ttf'),
  };
  const allowed = new Set(Object.values(files));
  loaded.setFonts({ Roboto: files });
  loaded.setUrlAccessPolicy(() => false);
  loaded.setLocalAccessPolicy((path) => allowed.has(path));
  pdfmake = loaded;
  return loaded;
}

const TITLES: Record<OrderDocumentKind, string> = { invoice: 'Invoice', packing_slip: 'Packing slip' };

export function orderDocumentFilename(orderId: number, kind: OrderDocumentKind): string {
  return `${kind === 'invoice' ? 'invoice' : 'packing-slip'}-${orderId}.pdf`;
}

function addressLines(address: Address): string[] {
  const lines = addressFormatter().format(
    {
      ...(address.line1 && { road: address.line1 }),
      ...(address.city && { city: address.city }),
      ...(address.region && { state: address.region }),
      ...(address.postal_code && { postcode: address.postal_code }),
      ...(address.country && { countryCode: address.country }),
    },
    { output: 'array', appendCountry: true },
  );
  if (address.line2) lines.splice(address.line1 ? lines.indexOf(address.line1) + 1 : 0, 0, address.line2);
  return lines;
}

/** Builds the document; `payments` only matter on an invoice. */
export function orderDocumentDefinition(
  kind: OrderDocumentKind,
  order: Order,
  payments: readonly Pick<Payment, 'amount' | 'payment_method' | 'created_at' | 'refunded'>[],
  settings: Settings,
): TDocumentDefinitions {
  const money = (amount: number) =>
    new Intl.NumberFormat('en-US', { style: 'currency', currency: order.currency }).format(amount);
  const date = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: settings.time_zone }).format(new Date(iso));
  const business = [
    settings.business_name ? { text: settings.business_name, style: 'business' } : null,
    ...settings.business_address.split('\n').filter((line) => line.trim() !== ''),
    settings.business_email,
    settings.business_phone,
    kind === 'invoice' && settings.business_tax_id ? `Tax ID: ${settings.business_tax_id}` : '',
  ].filter((line): line is string | { text: string; style: string } => Boolean(line));

  const customer: Content[] = [
    { text: kind === 'invoice' ? 'Bill to' : 'Ship to', style: 'label' },
    { text: order.customer_name, bold: true },
    ...(order.shipping_address ? addressLines(order.shipping_address) : []),
  ];

  const header: Content = {
    columns: [
      { stack: business.length ? business : [{ text: 'Add your business details in Settings', italics: true }] },
      {
        stack: [
          { text: TITLES[kind], style: 'title' },
          `Order #${order.id}`,
          `Date: ${date(order.created_at)}`,
          kind === 'packing_slip' && order.shipping_service ? `Shipping: ${order.shipping_service}` : '',
        ],
        alignment: 'right',
      },
    ],
  };

  const body: Content[] = kind === 'invoice' ? invoiceBody(order, payments, money, date) : packingSlipBody(order);

  return {
    info: { title: `${TITLES[kind]} — order #${order.id}`, author: settings.business_name || 'Officina' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    styles: {
      title: { fontSize: 20, bold: true, margin: [0, 0, 0, 4] },
      business: { fontSize: 13, bold: true },
      label: { fontSize: 8, color: '#666666', margin: [0, 0, 0, 2] },
      th: { bold: true, fillColor: '#eeeeee' },
    },
    footer: (page, pages) => ({
      text: `${TITLES[kind]} · order #${order.id} · page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 8,
      color: '#666666',
    }),
    content: [header, { stack: customer, margin: [0, 20, 0, 16] }, ...body],
  };
}

function invoiceBody(
  order: Order,
  payments: readonly Pick<Payment, 'amount' | 'payment_method' | 'created_at' | 'refunded'>[],
  money: (amount: number) => string,
  date: (iso: string) => string,
): Content[] {
  const rows: TableCell[][] = [
    [
      { text: 'Item', style: 'th' },
      { text: 'SKU', style: 'th' },
      { text: 'Qty', style: 'th', alignment: 'right' },
      { text: 'Unit price', style: 'th', alignment: 'right' },
      { text: 'Amount', style: 'th', alignment: 'right' },
    ],
    ...order.items.map((item) => [
      item.name,
      item.sku,
      { text: String(item.quantity), alignment: 'right' as const },
      { text: money(item.unit_price), alignment: 'right' as const },
      { text: money(item.line_total), alignment: 'right' as const },
    ]),
  ];
  const totals: [string, string, boolean?][] = [
    ['Subtotal', money(order.subtotal)],
    ...(order.discount > 0
      ? ([
          [
            order.discount_percent === null
              ? 'Discount'
              : `Discount (${order.discount_percent.toLocaleString('en-US')}%)`,
            `−${money(order.discount)}`,
          ],
        ] as [string, string][])
      : []),
    ['Shipping', money(order.shipping)],
    [`Tax (${(order.tax_rate_bps / 100).toLocaleString('en-US')}%)`, money(order.tax)],
    ['Total', money(order.total), true],
    ['Paid', money(order.paid)],
    ...(order.refunded > 0 ? ([['Refunded', money(order.refunded)]] as [string, string][]) : []),
    ['Balance due', money(order.balance_due), true],
  ];
  return [
    {
      table: { headerRows: 1, widths: ['*', 'auto', 'auto', 'auto', 'auto'], body: rows },
      layout: 'lightHorizontalLines',
    },
    {
      table: {
        widths: ['*', 'auto'],
        body: totals.map(([label, value, strong]) => [
          { text: label, bold: strong ?? false },
          { text: value, alignment: 'right' as const, bold: strong ?? false },
        ]),
      },
      layout: 'noBorders',
      margin: [300, 12, 0, 0],
    },
    ...(payments.length
      ? [
          { text: 'Payments', style: 'label', margin: [0, 16, 0, 2] } as Content,
          {
            ul: payments.map(
              (p) =>
                `${date(p.created_at)}: ${money(p.amount)} by ${p.payment_method.replace(/_/g, ' ')}` +
                (p.refunded > 0 ? ` (${money(p.refunded)} refunded)` : ''),
            ),
          } as Content,
        ]
      : []),
  ];
}

function packingSlipBody(order: Order): Content[] {
  const rows: TableCell[][] = [
    [
      { text: 'Item', style: 'th' },
      { text: 'SKU', style: 'th' },
      { text: 'Ordered', style: 'th', alignment: 'right' },
      { text: 'Shipped', style: 'th', alignment: 'right' },
      { text: 'To ship', style: 'th', alignment: 'right' },
    ],
    ...order.items.map((item) => [
      item.name,
      item.sku,
      { text: String(item.quantity), alignment: 'right' as const },
      { text: String(item.shipped_quantity), alignment: 'right' as const },
      { text: String(item.unshipped_quantity), alignment: 'right' as const },
    ]),
  ];
  return [
    {
      table: { headerRows: 1, widths: ['*', 'auto', 'auto', 'auto', 'auto'], body: rows },
      layout: 'lightHorizontalLines',
    },
    ...(order.notes ? [{ text: `Notes: ${order.notes}`, margin: [0, 12, 0, 0] } as Content] : []),
  ];
}

export async function renderOrderDocumentPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return printer().createPdf(definition).getBuffer();
}
