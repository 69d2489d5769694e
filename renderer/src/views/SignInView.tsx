import { Button, Center, Code, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

/**
 * Shown in a browser when the server answers 401: the session cookie is missing or expired (a
 * browser that signed in stays so for 30 days, in every tab). Signing in is by a link only: nothing
 * here asks for a token or a password.
 */
export function SignInView() {
  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder p="xl" maw={560} w="100%">
        <Stack gap="md">
          <ThemeIcon size="xl" variant="light" aria-hidden>
            <IconLock size={26} />
          </ThemeIcon>
          <Title order={1} size="h2">
            Sign in
          </Title>
          <Text>
            This browser is not signed in to Officina, or has not been used for 30 days. To sign in, open a new login
            link:
          </Text>
          <List spacing="xs">
            <List.Item>
              on the computer that runs Officina, run <Code>officina open</Code>: it opens a new link in your browser
              (on a computer without a screen it prints the link, for you to open here);
            </List.Item>
            <List.Item>
              or use the link that <Code>officina serve</Code> printed when it started, if you have not opened it yet.
            </List.Item>
          </List>
          <Text size="sm" c="dimmed">
            Each link works once, within ten minutes. If you started Officina with its own data folder, add the same{' '}
            <Code>--data-dir</Code>. Once signed in, every tab of this browser is signed in, for 30 days after you last
            used it.
          </Text>
          <Button onClick={() => window.location.reload()} variant="light">
            I have signed in — reload
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
