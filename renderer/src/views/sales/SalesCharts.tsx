import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { OutputOf } from '../../../../shared/contracts.js';
import { formatAmount, formatAmountCompact, formatCount } from '../../format.js';
import type { PeriodPoint } from './analyticsPeriods.js';
import { ORDER_STATUS_COLORS, statusLabel } from './OrderStatusBadge.js';

type Report = OutputOf<'get_order_analytics'>;

// Mantine's variables follow the colour scheme, so the charts switch with light and dark.
const color = (name: string, shade = 6) => `var(--mantine-color-${name}-${shade})`;
const axis = { fontSize: 12, fill: 'var(--mantine-color-dimmed)' };
const grid = 'var(--mantine-color-default-border)';
const tooltipStyle = {
  contentStyle: {
    background: 'var(--mantine-color-body)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-md)',
    color: 'var(--mantine-color-text)',
    fontSize: 13,
  },
  labelStyle: { color: 'var(--mantine-color-text)', fontWeight: 600 },
  itemStyle: { color: 'var(--mantine-color-text)' },
};

export function RevenueChart({
  points,
  currency,
  height = 280,
  compact = false,
}: {
  points: PeriodPoint[];
  currency: string;
  height?: number;
  compact?: boolean;
}) {
  const gross = points.reduce((n, p) => n + p.gross, 0);
  const net = points.reduce((n, p) => n + p.net, 0);
  return (
    <div
      role="img"
      aria-label={`Revenue over ${points.length} periods: gross ${formatAmount(gross, currency)}, net ${formatAmount(net, currency)}`}
      className="sales-chart"
    >
      <ResponsiveContainer width="100%" height={height}>
        <AreaChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: compact ? 0 : 8 }}>
          <defs>
            <linearGradient id={compact ? 'gross-fill-compact' : 'gross-fill'} x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={color('indigo')} stopOpacity={0.35} />
              <stop offset="100%" stopColor={color('indigo')} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          {!compact && <CartesianGrid stroke={grid} strokeDasharray="3 3" vertical={false} />}
          <XAxis dataKey="label" tick={axis} stroke={grid} hide={compact} minTickGap={16} />
          <YAxis
            tick={axis}
            stroke={grid}
            hide={compact}
            width={64}
            tickFormatter={(v: number) => formatAmountCompact(v, currency)}
          />
          <Tooltip {...tooltipStyle} formatter={(value, name) => [formatAmount(Number(value), currency), name]} />
          {!compact && <Legend wrapperStyle={{ fontSize: 13 }} />}
          <Area
            type="linear"
            dataKey="gross"
            name="Gross"
            stroke={color('indigo')}
            strokeWidth={2}
            fill={`url(#${compact ? 'gross-fill-compact' : 'gross-fill'})`}
            isAnimationActive={false}
          />
          <Area
            type="linear"
            dataKey="net"
            name="Net"
            stroke={color('teal')}
            strokeWidth={2}
            fill="none"
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TopProductsChart({ products, currency }: { products: Report['top_products']; currency: string }) {
  const data = products.map((p) => ({ ...p, label: p.name }));
  return (
    <div
      role="img"
      aria-label={`Top products: ${products.map((p) => `${p.name} ${formatAmount(p.revenue, currency)}`).join(', ')}`}
      className="sales-chart"
    >
      <ResponsiveContainer width="100%" height={Math.max(120, 40 * data.length + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={grid} strokeDasharray="3 3" horizontal={false} />
          <XAxis
            type="number"
            tick={axis}
            stroke={grid}
            tickFormatter={(v: number) => formatAmountCompact(v, currency)}
          />
          <YAxis type="category" dataKey="label" tick={axis} stroke={grid} width={120} />
          <Tooltip
            {...tooltipStyle}
            cursor={{ fill: 'var(--mantine-color-default-hover)' }}
            formatter={(value, _name, item) => [
              `${formatAmount(Number(value), currency)} · ${formatCount((item.payload as { quantity: number }).quantity)} units`,
              'Net revenue',
            ]}
          />
          <Bar
            dataKey="revenue"
            name="Net revenue"
            fill={color('indigo')}
            radius={[0, 4, 4, 0]}
            maxBarSize={28}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function OrdersByStatusChart({ statuses }: { statuses: Report['by_status'] }) {
  const data = statuses.map((s) => ({ ...s, label: statusLabel(s.status) }));
  return (
    <div
      role="img"
      aria-label={`Orders by status: ${data.map((s) => `${s.label} ${s.orders}`).join(', ')}`}
      className="sales-chart"
    >
      <ResponsiveContainer width="100%" height={240}>
        <PieChart>
          <Pie
            data={data}
            dataKey="orders"
            nameKey="label"
            innerRadius="55%"
            outerRadius="85%"
            paddingAngle={data.length > 1 ? 2 : 0}
            stroke="var(--mantine-color-body)"
            isAnimationActive={false}
          >
            {data.map((s) => (
              <Cell key={s.status} fill={color(ORDER_STATUS_COLORS[s.status] ?? 'gray')} />
            ))}
          </Pie>
          <Tooltip {...tooltipStyle} formatter={(value, name) => [`${formatCount(Number(value))} orders`, name]} />
          <Legend wrapperStyle={{ fontSize: 13 }} layout="vertical" align="right" verticalAlign="middle" />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
