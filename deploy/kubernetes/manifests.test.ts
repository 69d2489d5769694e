import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseCli } from '../../electron/cli/options.js';
import { execForm, readDockerfile } from '../../test/dockerfile.js';

// The Kubernetes example held together: every file parses, the kustomization lists them, and the
// Deployment's command, environment, probes, Secret, volume claim and Service refer to one another
// and to what the CLI and the image accept.

const DIR = import.meta.dirname;
const ROOT = resolve(DIR, '../..');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  image: string;
  args: string[];
  ports: { name: string; containerPort: number }[];
  env: EnvVar[];
  volumeMounts: { name: string; mountPath: string }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe?: Probe;
  securityContext: Record<string, unknown>;
}
interface Deployment extends Manifest {
  spec: {
    replicas: number;
    strategy: { type: string };
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        securityContext: { runAsNonRoot: boolean; runAsUser: number; fsGroup: number };
        containers: Container[];
        volumes: { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[];
      };
    };
  };
}

const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml'));

function manifests(file: string): Manifest[] {
  const documents = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  if (!Array.isArray(documents)) throw new Error(`${file}: not YAML documents`);
  for (const document of documents) {
    expect(document.errors, file).toEqual([]);
    expect(document.warnings, file).toEqual([]);
  }
  return documents.map((document) => document.toJS() as Manifest);
}

const all = files.filter((file) => file !== 'kustomization.yaml').flatMap((file) => manifests(file));
const one = <T extends Manifest>(kind: string): T => {
  const found = all.filter((manifest) => manifest.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as T;
};

describe('deploy/kubernetes', () => {
  it('parses, every object named, and the kustomization lists every manifest', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const manifest of all) {
      expect(manifest.apiVersion).toBeTruthy();
      expect(manifest.metadata.name).toMatch(/^[a-z0-9-]+$/);
    }
    expect(all.map((manifest) => manifest.kind).sort()).toEqual([
      'Deployment',
      'PersistentVolumeClaim',
      'Secret',
      'Service',
    ]);
    const [kustomization] = manifests('kustomization.yaml') as unknown as { resources: string[] }[];
    expect(kustomization?.resources.sort()).toEqual(files.filter((file) => file !== 'kustomization.yaml').sort());
  });

  it('runs one replica, replaced by stopping the old pod first (SQLite has one writer)', () => {
    const deployment = one<Deployment>('Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy.type).toBe('Recreate');
  });

  it("runs the image's serve with options the CLI accepts, its data on the claimed volume", () => {
    const deployment = one<Deployment>('Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    const container = pod.containers[0] as Container;
    const dockerfile = readDockerfile(join(ROOT, 'Dockerfile'));
    expect(container.args).toEqual(execForm(dockerfile.findLast((i) => i.keyword === 'CMD')?.args ?? ''));

    const env = Object.fromEntries(
      container.env
        .filter((variable) => variable.value !== undefined)
        .map((variable) => [variable.name, variable.value]),
    );
    const options = parseCli(container.args.slice(2), env);
    expect(options).toMatchObject({ command: 'serve', host: '0.0.0.0', noAuth: false });
    const http = container.ports.find((port) => port.name === 'http');
    expect(http?.containerPort).toBe(options.port);
    expect(options.allowedHosts).toContain(one('Service').metadata.name);

    const claim = one('PersistentVolumeClaim').metadata.name;
    const volume = pod.volumes.find((v) => v.persistentVolumeClaim?.claimName === claim);
    const mount = container.volumeMounts.find((m) => m.name === volume?.name);
    expect(mount).toBeDefined();
    for (const dir of [options.dataDir, options.vault]) expect(dir.startsWith(`${mount?.mountPath}/`), dir).toBe(true);
  });

  it('takes the MCP token from the Secret', () => {
    const container = one<Deployment>('Deployment').spec.template.spec.containers[0] as Container;
    const token = container.env.find((variable) => variable.name === 'OFFICINA_TOKEN');
    const secret = one('Secret') as Manifest & { stringData: Record<string, string> };
    expect(token?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'token' });
    expect(Object.keys(secret.stringData)).toEqual(['token']);
  });

  it('probes /health for liveness and /ready for readiness, on the container port', () => {
    const container = one<Deployment>('Deployment').spec.template.spec.containers[0] as Container;
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
  });

  it("runs as the image's unprivileged user, and the Service reaches the pod", () => {
    const deployment = one<Deployment>('Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
    expect(readDockerfile(join(ROOT, 'Dockerfile')).findLast((i) => i.keyword === 'USER')?.args).toBe('node');
    expect(pod.containers[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false });
    const service = one('Service') as Manifest & {
      spec: { selector: Record<string, string>; ports: { targetPort: string }[] };
    };
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(service.spec.ports.map((port) => port.targetPort)).toEqual(['http']);
  });
});
