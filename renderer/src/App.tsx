import {
  ActionIcon,
  Alert,
  AppShell,
  Badge,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import {
  IconActivity,
  IconFiles,
  IconLayoutDashboard,
  IconLayoutSidebarLeftCollapse,
  IconLayoutSidebarLeftExpand,
  IconLogout,
  IconRoute,
  IconSettings,
  IconShoppingCart,
  IconTrash,
  IconUsers,
  IconWorldSearch,
  type Icon,
} from '@tabler/icons-react';
import { Component, lazy, Suspense, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { isSignedOut, onSignedOutChange, signedInOverHttp } from './api.js';
import { GlobalSearch, GlobalSearchButton } from './components/GlobalSearch.js';
import { KeyboardShortcuts } from './components/KeyboardShortcuts.js';
import { useLiveRefresh } from './live.js';
import { href, useRoute, type Route } from './router.js';
import { NotFoundView } from './views/NotFoundView.js';
import { SignInView } from './views/SignInView.js';
import { useWorkflowsNeedingAttention } from './views/workflows/workflowQueries.js';

// Each view is its own chunk, loaded when first opened: the first page needs only the shell and its
// own view, and the heavy libraries (the workflow designer's @xyflow/react, pdf.js, charts, Markdown)
// come with the views that use them.
const ActivityView = lazy(() => import('./views/ActivityView.js').then((m) => ({ default: m.ActivityView })));
const CustomersView = lazy(() => import('./views/CustomersView.js').then((m) => ({ default: m.CustomersView })));
const DashboardView = lazy(() => import('./views/DashboardView.js').then((m) => ({ default: m.DashboardView })));
const DocumentsView = lazy(() => import('./views/DocumentsView.js').then((m) => ({ default: m.DocumentsView })));
const SalesView = lazy(() => import('./views/sales/SalesView.js').then((m) => ({ default: m.SalesView })));
const ScraperView = lazy(() => import('./views/ScraperView.js').then((m) => ({ default: m.ScraperView })));
const SettingsView = lazy(() => import('./views/SettingsView.js').then((m) => ({ default: m.SettingsView })));
const TrashView = lazy(() => import('./views/TrashView.js').then((m) => ({ default: m.TrashView })));
const WorkflowsView = lazy(() => import('./views/WorkflowsView.js').then((m) => ({ default: m.WorkflowsView })));

interface Section {
  /** First path segment; '' is the dashboard. */
  segment: string;
  label: string;
  icon: Icon;
  render: (route: Route) => ReactNode;
}

const SECTIONS: Section[] = [
  { segment: '', label: 'Dashboard', icon: IconLayoutDashboard, render: () => <DashboardView /> },
  { segment: 'customers', label: 'Customers', icon: IconUsers, render: (r) => <CustomersView route={r} /> },
  { segment: 'sales', label: 'Sales', icon: IconShoppingCart, render: (r) => <SalesView route={r} /> },
  { segment: 'documents', label: 'Documents', icon: IconFiles, render: (r) => <DocumentsView route={r} /> },
  { segment: 'scraper', label: 'Scraper', icon: IconWorldSearch, render: () => <ScraperView /> },
  { segment: 'workflows', label: 'Workflows', icon: IconRoute, render: () => <WorkflowsView /> },
  { segment: 'activity', label: 'Activity', icon: IconActivity, render: () => <ActivityView /> },
  { segment: 'trash', label: 'Trash', icon: IconTrash, render: () => <TrashView /> },
  { segment: 'settings', label: 'Settings', icon: IconSettings, render: (r) => <SettingsView route={r} /> },
];

export function App() {
  const signedOut = useSyncExternalStore(onSignedOutChange, isSignedOut);
  return signedOut ? <SignInView /> : <Shell />;
}

function Shell() {
  useLiveRefresh();
  const route = useRoute();
  const [navOpened, nav] = useDisclosure(false);
  const current = route.segments[0] ?? '';
  const section = SECTIONS.find((s) => s.segment === current);

  const closeNav = nav.close;
  const attention = useWorkflowsNeedingAttention();
  // A window narrower than 1024 px (and wider than a phone's, where the burger opens the navigation)
  // shows the navigation as icons, so the page keeps its width; the person can widen it again.
  const narrow = useMediaQuery('(min-width: 48em) and (max-width: 63.99em)');
  const [expanded, setExpanded] = useDisclosure(false);
  const rail = narrow === true && !expanded;

  useEffect(() => {
    document.title = section && section.segment !== '' ? `${section.label} · Officina` : 'Officina';
    // On small screens the navbar covers the page: it closes once the person has picked a page.
    closeNav();
  }, [section, closeNav]);

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: rail ? 64 : 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" gap="sm">
          <UnstyledButton className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
            Skip to content
          </UnstyledButton>
          <Burger
            opened={navOpened}
            onClick={nav.toggle}
            hiddenFrom="sm"
            size="sm"
            aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
          />
          <Title order={1} size="h4">
            Officina
          </Title>
          <Text size="sm" c="dimmed" visibleFrom="xs">
            your back office
          </Text>
          <Group gap="xs" ml="auto" wrap="nowrap">
            <GlobalSearchButton />
            <KeyboardShortcuts />
          </Group>
          {signedInOverHttp && (
            // A plain form post: the server ends the session, clears the cookie and shows the sign-in page.
            <form method="post" action="/logout">
              <Button type="submit" variant="subtle" size="xs" leftSection={<IconLogout size={16} aria-hidden />}>
                Sign out
              </Button>
            </form>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main" className="main-nav" data-rail={rail || undefined}>
        {SECTIONS.map((s) => (
          <Tooltip key={s.segment} label={s.label} position="right" disabled={!rail} withArrow>
            <NavLink
              href={href('/' + s.segment)}
              label={s.label}
              aria-label={s.label}
              leftSection={<s.icon size={18} stroke={1.6} aria-hidden />}
              active={s === section}
              aria-current={s === section ? 'page' : undefined}
              rightSection={
                s.segment === 'workflows' && attention > 0 ? (
                  // A failed run must never go unnoticed: the workflows whose last run failed, on every page.
                  <Badge
                    color="red"
                    size="sm"
                    circle
                    aria-label={`${attention} workflow${attention > 1 ? 's' : ''} whose last run failed`}
                  >
                    {attention}
                  </Badge>
                ) : undefined
              }
            />
          </Tooltip>
        ))}
        {narrow && (
          <Tooltip label={rail ? 'Show the names' : 'Icons only'} position="right" withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              className="main-nav-toggle"
              aria-label={rail ? 'Expand navigation' : 'Collapse navigation'}
              aria-expanded={!rail}
              onClick={setExpanded.toggle}
            >
              {rail ? (
                <IconLayoutSidebarLeftExpand size={20} stroke={1.6} aria-hidden />
              ) : (
                <IconLayoutSidebarLeftCollapse size={20} stroke={1.6} aria-hidden />
              )}
            </ActionIcon>
          </Tooltip>
        )}
      </AppShell.Navbar>
      <GlobalSearch />
      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <ViewLoadFailure key={current}>
          <Suspense fallback={<ViewLoading />}>{section ? section.render(route) : <NotFoundView />}</Suspense>
        </ViewLoadFailure>
      </AppShell.Main>
    </AppShell>
  );
}

function ViewLoading() {
  return (
    <Center py="xl">
      <Loader size="sm" aria-label="Opening the page" />
    </Center>
  );
}

/**
 * A view's code arrives on first use: when it cannot (Officina was updated or stopped meanwhile), the
 * page says so and offers a reload instead of going blank. Keyed by page, so another page tries again.
 */
class ViewLoadFailure extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Alert color="red" title="This page could not be shown">
        <Text size="sm" mb="sm">
          If Officina was updated or restarted while this window was open, reloading shows it again.
        </Text>
        <Button size="xs" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </Alert>
    );
  }
}
