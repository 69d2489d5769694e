import { Tabs, Title } from '@mantine/core';
import { IconChartBar, IconPackage, IconReceipt, IconTruck } from '@tabler/icons-react';
import { navigate, type Route } from '../../router.js';
import { OrderDetailView } from './OrderDetailView.js';
import { OrdersTab } from './OrdersTab.js';
import { ProductsTab } from './ProductsTab.js';
import { SalesDashboard } from './SalesDashboard.js';
import { ShippingRatesTab } from './ShippingRatesTab.js';

type Tab = 'overview' | 'products' | 'orders' | 'shipping';

function idOf(segment: string | undefined): number | null {
  return segment !== undefined && /^[1-9][0-9]{0,15}$/.test(segment) ? Number(segment) : null;
}

/** `#/sales` (overview), `#/sales/products[/id]`, `#/sales/orders[/id]`, `#/sales/shipping` (rates). */
export function SalesView({ route }: { route: Route }) {
  const [, second, third] = route.segments;
  const tab: Tab = second === 'products' || second === 'orders' || second === 'shipping' ? second : 'overview';
  const id = idOf(third);

  if (tab === 'orders' && id !== null) return <OrderDetailView orderId={id} />;

  return (
    <div className="fill-view">
      <Title order={2}>Sales</Title>
      <Tabs
        value={tab}
        onChange={(value) => navigate(value === 'overview' || value === null ? '/sales' : `/sales/${value}`)}
        keepMounted={false}
        className="sales-tabs"
      >
        <Tabs.List aria-label="Sales sections">
          <Tabs.Tab value="overview" leftSection={<IconChartBar size={16} aria-hidden />}>
            Overview
          </Tabs.Tab>
          <Tabs.Tab value="products" leftSection={<IconPackage size={16} aria-hidden />}>
            Products
          </Tabs.Tab>
          <Tabs.Tab value="orders" leftSection={<IconReceipt size={16} aria-hidden />}>
            Orders
          </Tabs.Tab>
          <Tabs.Tab value="shipping" leftSection={<IconTruck size={16} aria-hidden />}>
            Shipping rates
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="sm" className="sales-tab-panel sales-scroll">
          <SalesDashboard />
        </Tabs.Panel>
        <Tabs.Panel value="products" pt="sm" className="sales-tab-panel">
          <ProductsTab selectedId={tab === 'products' ? id : null} />
        </Tabs.Panel>
        <Tabs.Panel value="orders" pt="sm" className="sales-tab-panel">
          <OrdersTab query={route.query} />
        </Tabs.Panel>
        <Tabs.Panel value="shipping" pt="sm" className="sales-tab-panel sales-scroll">
          <ShippingRatesTab />
        </Tabs.Panel>
      </Tabs>
    </div>
  );
}
