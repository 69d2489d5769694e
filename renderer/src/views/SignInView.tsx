import { Button, Center, Code, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

/** Shown in a browser when the server answers 401: the session cookie is missing or expired. */
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
            This Officina server needs you to sign in before it shows your data. Open a login link; each works once,
            within ten minutes:
          </Text>
          <List spacing="xs">
            <List.Item>
              the one that <Code>officina serve</Code> printed when it started, or
            </List.Item>
            <List.Item>
              a new one: run <Code>officina login</Code> on the computer that runs Officina (with the same{' '}
              <Code>--data-dir</Code> as <Code>serve</Code>, if you gave it one).
            </List.Item>
          </List>
          <Button onClick={() => window.location.reload()} variant="light">
            I have signed in — reload
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
