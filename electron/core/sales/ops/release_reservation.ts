import { releaseReservation } from '../../../../shared/sales/inventory.js';
import { implement } from '../../catalogue/operation.js';

export const releaseReservationOp = implement(releaseReservation, (ctx, input) =>
  ctx.services.inventory.release(input.reservation_id, ctx.events, ctx.caller.name),
);
