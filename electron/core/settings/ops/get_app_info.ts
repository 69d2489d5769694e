import { getAppInfo } from '../../../../shared/settings.js';
import { implement } from '../../catalogue/operation.js';

export const getAppInfoOp = implement(getAppInfo, (ctx) => ctx.services.appInfo.get());
