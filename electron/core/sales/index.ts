import { createProductOp } from './ops/create_product.js';
import { updateProductOp } from './ops/update_product.js';
import { deleteProductOp } from './ops/delete_product.js';
import { restoreProductOp } from './ops/restore_product.js';
import { searchProductsOp } from './ops/search_products.js';
import { getProductDetailsOp } from './ops/get_product_details.js';
import { listProductCategoriesOp } from './ops/list_product_categories.js';
import { checkInventoryOp } from './ops/check_inventory.js';
import { adjustInventoryOp } from './ops/adjust_inventory.js';
import { reserveInventoryOp } from './ops/reserve_inventory.js';
import { releaseReservationOp } from './ops/release_reservation.js';
import { listStockMovementsOp } from './ops/list_stock_movements.js';
import { createOrderOp } from './ops/create_order.js';
import { getOrderOp } from './ops/get_order.js';
import { listOrdersOp } from './ops/list_orders.js';
import { updateOrderStatusOp } from './ops/update_order_status.js';
import { quoteOrderOp } from './ops/quote_order.js';
import { setOrderDiscountOp } from './ops/set_order_discount.js';
import { quoteOrderDiscountOp } from './ops/quote_order_discount.js';
import { renderOrderDocumentOp } from './ops/render_order_document.js';
import { processPaymentOp } from './ops/process_payment.js';
import { refundPaymentOp } from './ops/refund_payment.js';
import { getPaymentOp } from './ops/get_payment.js';
import { listPaymentsOp } from './ops/list_payments.js';
import { calculateShippingOp } from './ops/calculate_shipping.js';
import { createShipmentOp } from './ops/create_shipment.js';
import { getShipmentOp } from './ops/get_shipment.js';
import { updateShipmentStatusOp } from './ops/update_shipment_status.js';
import { getShippingRatesOp } from './ops/get_shipping_rates.js';
import { updateShippingRatesOp } from './ops/update_shipping_rates.js';
import { getCustomerAnalyticsOp } from './ops/get_customer_analytics.js';
import { getOrderAnalyticsOp } from './ops/get_order_analytics.js';

export { ProductsService } from './products.js';
export { InventoryService } from './inventory.js';
export { OrdersService } from './orders.js';
export { PaymentsService } from './payments.js';
export { ShippingService } from './shipping.js';
export { AnalyticsService } from './analytics.js';

export const salesOperations = [
  createProductOp,
  updateProductOp,
  searchProductsOp,
  getProductDetailsOp,
  listProductCategoriesOp,
  deleteProductOp,
  restoreProductOp,
  checkInventoryOp,
  adjustInventoryOp,
  reserveInventoryOp,
  releaseReservationOp,
  listStockMovementsOp,
  createOrderOp,
  getOrderOp,
  listOrdersOp,
  updateOrderStatusOp,
  quoteOrderOp,
  setOrderDiscountOp,
  quoteOrderDiscountOp,
  renderOrderDocumentOp,
  processPaymentOp,
  refundPaymentOp,
  getPaymentOp,
  listPaymentsOp,
  calculateShippingOp,
  createShipmentOp,
  getShipmentOp,
  updateShipmentStatusOp,
  getShippingRatesOp,
  updateShippingRatesOp,
  getCustomerAnalyticsOp,
  getOrderAnalyticsOp,
];
