import { IMPORT_FIELDS, type IMPORTABLE } from '../../../shared/transfer.js';

type Entity = (typeof IMPORTABLE)[number];

/**
 * Headers of the exports shops bring with them, folded (lower case, letters and digits only), and the
 * field each fills. Officina's own columns are recognised as written. Sources: Shopify's customers export
 * (First Name, Last Name, Email, Company, Address1, Address2, City, Province Code, Country Code, Zip,
 * Phone, Tags, Note; and its newer "Default Address …" headers), Shopify's products export (Handle,
 * Title, Body (HTML), Type, Tags, Option1 Value, Variant SKU, Variant Grams, Variant Inventory Qty,
 * Variant Price) and HubSpot's contacts export (First Name, Last Name, Email, Phone Number, City,
 * State/Region, Country/Region, Postal Code, Street Address), and Shopify's orders export (Name, Email,
 * Lineitem quantity, Lineitem name, Lineitem price, Lineitem sku, Shipping, Notes).
 */
const KNOWN: Record<Entity, Record<string, string>> = {
  customers: {
    name: 'name',
    fullname: 'name',
    customername: 'name',
    contactname: 'name',
    firstname: 'name',
    lastname: 'name',
    email: 'email',
    emailaddress: 'email',
    phone: 'phone',
    phonenumber: 'phone',
    mobilephonenumber: 'phone',
    mobile: 'phone',
    telephone: 'phone',
    defaultaddressphone: 'phone',
    status: 'status',
    tags: 'tags',
    tag: 'tags',
    notes: 'notes',
    note: 'notes',
    addressline1: 'address_line1',
    address1: 'address_line1',
    address: 'address_line1',
    street: 'address_line1',
    streetaddress: 'address_line1',
    defaultaddressaddress1: 'address_line1',
    addressline2: 'address_line2',
    address2: 'address_line2',
    defaultaddressaddress2: 'address_line2',
    city: 'city',
    town: 'city',
    defaultaddresscity: 'city',
    region: 'region',
    state: 'region',
    province: 'region',
    provincecode: 'region',
    stateregion: 'region',
    defaultaddressprovincecode: 'region',
    postalcode: 'postal_code',
    zip: 'postal_code',
    zipcode: 'postal_code',
    postcode: 'postal_code',
    defaultaddresszip: 'postal_code',
    country: 'country',
    countrycode: 'country',
    countryregion: 'country',
    defaultaddresscountrycode: 'country',
  },
  products: {
    sku: 'sku',
    variantsku: 'sku',
    name: 'name',
    title: 'name',
    productname: 'name',
    description: 'description',
    bodyhtml: 'description_html',
    category: 'category',
    type: 'category',
    producttype: 'category',
    price: 'price',
    variantprice: 'price',
    unitprice: 'price',
    currency: 'currency',
    weightkg: 'weight_kg',
    weight: 'weight_kg',
    weightgrams: 'weight_grams',
    variantgrams: 'weight_grams',
    grams: 'weight_grams',
    tags: 'tags',
    stock: 'stock',
    quantity: 'stock',
    onhand: 'stock',
    inventory: 'stock',
    inventoryquantity: 'stock',
    variantinventoryqty: 'stock',
    handle: 'handle',
    option1value: 'variant',
  },
  // Shopify's orders export: one row per line item, the order's Name (#1001) on each.
  orders: {
    name: 'order_ref',
    order: 'order_ref',
    ordernumber: 'order_ref',
    orderid: 'order_ref',
    orderref: 'order_ref',
    email: 'email',
    emailaddress: 'email',
    customeremail: 'email',
    sku: 'sku',
    lineitemsku: 'sku',
    quantity: 'quantity',
    qty: 'quantity',
    lineitemquantity: 'quantity',
    price: 'price',
    unitprice: 'price',
    lineitemprice: 'price',
    itemname: 'item_name',
    lineitemname: 'item_name',
    product: 'item_name',
    shipping: 'shipping',
    shippingamount: 'shipping',
    notes: 'notes',
    note: 'notes',
  },
};

export function foldHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * The field each column fills: the caller's mapping first (null leaves a column out), then the header
 * as recognised; null when nothing fits. A recognised field already filled by an earlier column of the
 * same header is not filled twice (a file with two "Phone" columns keeps the first).
 */
export function mapColumns(
  entity: Entity,
  header: readonly string[],
  mapping: Readonly<Record<string, string | null>> = {},
): (string | null)[] {
  const fields: readonly string[] = IMPORT_FIELDS[entity];
  const given = new Map(Object.entries(mapping).map(([column, field]) => [column.trim().toLowerCase(), field]));
  const seen = new Set<string>();
  return header.map((column) => {
    const key = column.trim().toLowerCase();
    if (given.has(key)) return given.get(key) ?? null;
    const folded = foldHeader(column);
    const field = (fields.includes(key) ? key : undefined) ?? KNOWN[entity][folded] ?? null;
    // First Name and Last Name both fill `name`; other repeated headers are read once.
    if (field !== null && seen.has(folded)) return null;
    seen.add(folded);
    return field;
  });
}
