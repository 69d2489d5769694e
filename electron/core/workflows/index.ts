import { cancelExecutionOp } from './ops/cancel_execution.js';
import { compactDatabaseOp } from './ops/compact_database.js';
import { createWorkflowOp } from './ops/create_workflow.js';
import { deleteWorkflowOp } from './ops/delete_workflow.js';
import { executeWorkflowOp } from './ops/execute_workflow.js';
import { getDatabaseSpaceOp } from './ops/get_database_space.js';
import { getExecutionStatusOp } from './ops/get_execution_status.js';
import { getWorkflowOp } from './ops/get_workflow.js';
import { getWorkflowMetricsOp } from './ops/get_workflow_metrics.js';
import { listExecutionsOp } from './ops/list_executions.js';
import { listWorkflowTemplatesOp } from './ops/list_workflow_templates.js';
import { listWorkflowsOp } from './ops/list_workflows.js';
import { pruneExecutionsOp } from './ops/prune_executions.js';
import { retryExecutionOp } from './ops/retry_execution.js';
import { updateWorkflowOp } from './ops/update_workflow.js';
import { validateWorkflowOp } from './ops/validate_workflow.js';

export { WorkflowEngine } from './engine.js';
export { WorkflowService } from './service.js';
export const workflowOperations = [
  createWorkflowOp,
  updateWorkflowOp,
  getWorkflowOp,
  listWorkflowsOp,
  deleteWorkflowOp,
  validateWorkflowOp,
  listWorkflowTemplatesOp,
  executeWorkflowOp,
  getExecutionStatusOp,
  listExecutionsOp,
  cancelExecutionOp,
  retryExecutionOp,
  getWorkflowMetricsOp,
  pruneExecutionsOp,
  compactDatabaseOp,
  getDatabaseSpaceOp,
];
