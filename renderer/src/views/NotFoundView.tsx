import { Anchor, EmptyState } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { href } from '../router.js';

export function NotFoundView() {
  return (
    <EmptyState
      icon={<IconMapPin size={32} aria-hidden />}
      title="There is no page here"
      description={
        <>
          The address may be mistyped or from an older version. <Anchor href={href('/')}>Go to the dashboard</Anchor>.
        </>
      }
      py="xl"
    />
  );
}
