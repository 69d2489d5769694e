import { IconRoute } from '@tabler/icons-react';
import { PlannedDomain } from '../components/PlannedDomain.js';

export function WorkflowsView() {
  return (
    <PlannedDomain title="Workflows" icon={IconRoute}>
      Workflows are not built yet. They will chain Officina's operations into steps that run on a schedule or when
      something happens — a customer added, a document changed, a monitored page updated.
    </PlannedDomain>
  );
}
