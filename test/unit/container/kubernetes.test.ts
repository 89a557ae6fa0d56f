import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { CronJob, type ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { type IPodDisruptionBudget, PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { type ISecret, Secret } from 'kubernetes-models/v1/Secret';
import { type IService, Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { LakewardenConfig } from '../../../src/config/schema.ts';
import { checkServedPaths, imageLayout, ROOT, type Source } from './image-layout.ts';

/**
 * deploy/kubernetes is checked offline: every manifest against the typed Kubernetes models (kubernetes-models:
 * types, required fields, enums), the wiring between them (selectors, ports, probes, names, the configuration and
 * the paths serve reads inside the pod), and — when kubectl is installed (.ci/run installs Debian's
 * kubernetes-client) — `kubectl kustomize` of both variants.
 */
const DIR = join(ROOT, 'deploy/kubernetes');
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
};
type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> } };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}
function documents(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null);
}
const manifests = yamlFiles(DIR)
  .flatMap((file) => documents(readFileSync(file, 'utf8')).map((object) => ({ file, object })))
  .filter(({ object }) => object.apiVersion !== undefined && object.kind !== 'Kustomization');
const find = <T>(kind: string): T => manifests.find((m) => m.object.kind === kind)?.object as T;

function validateModel(object: K8sObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model === undefined) throw new Error(`${object.apiVersion} ${object.kind}: not expected in deploy/kubernetes`);
  new Model(object as never).validate();
}

const deployment = find<IDeployment>('Deployment');
const cronJob = find<ICronJob>('CronJob');
const service = find<IService>('Service');
const pdb = find<IPodDisruptionBudget>('PodDisruptionBudget');
const policy = find<INetworkPolicy>('NetworkPolicy');
const secret = find<ISecret>('Secret');
const podLabels = deployment.spec?.template.metadata?.labels ?? {};
const matches = (selector: Record<string, string> | undefined) =>
  Object.entries(selector ?? {}).every(([k, v]) => podLabels[k] === v) && Object.keys(selector ?? {}).length > 0;
const workloads: [string, IPodSpec][] = [
  ['Deployment', deployment.spec?.template.spec as IPodSpec],
  ['CronJob', cronJob.spec?.jobTemplate.spec?.template.spec as IPodSpec],
];

describe('deploy/kubernetes manifests', () => {
  it('contain the Deployment, Service, PodDisruptionBudget, NetworkPolicy, Secret template and CronJob', () => {
    expect(manifests.map((m) => m.object.kind).sort()).toEqual([
      'CronJob',
      'Deployment',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ]);
  });

  it.each(manifests.map((m) => [relative(DIR, m.file), m.object] as const))(
    '%s validates against the typed Kubernetes model',
    (_file, object) => {
      expect(() => validateModel(object)).not.toThrow();
    },
  );

  it('the typed model check catches a wrong type (the check can fail)', () => {
    const broken = structuredClone(deployment) as unknown as { spec: { replicas: unknown } };
    broken.spec.replicas = 'two';
    expect(() => validateModel(broken as unknown as K8sObject)).toThrow(/replicas must be integer/);
  });

  it('probe /healthz (startup, liveness) and /readyz (readiness) on the port serve listens on', () => {
    const container = deployment.spec?.template.spec?.containers[0] as IContainer;
    expect(container.args).toEqual(['serve']);
    const port = container.ports?.find((p) => p.name === 'http');
    expect(port?.containerPort).toBe(8080);
    expect(container.env?.find((e) => e.name === 'PORT')?.value).toBe(String(port?.containerPort));
    expect(container.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    // SIGTERM drains for service.shutdownGraceSeconds; the pod must be given longer than that.
    const grace = LakewardenConfig.parse({}).service.shutdownGraceSeconds;
    expect(deployment.spec?.template.spec?.terminationGracePeriodSeconds).toBeGreaterThan(grace);
  });

  it('the Service, PodDisruptionBudget and NetworkPolicy select the serve pods and its port', () => {
    expect(matches(deployment.spec?.selector.matchLabels)).toBe(true);
    expect(matches(service.spec?.selector)).toBe(true);
    expect(service.spec?.ports?.[0]?.targetPort).toBe('http');
    expect(matches(pdb.spec?.selector?.matchLabels)).toBe(true);
    expect(pdb.spec?.minAvailable).toBeLessThan(deployment.spec?.replicas ?? 1);
    expect(Object.entries(policy.spec?.podSelector.matchLabels ?? {}).every(([k, v]) => podLabels[k] === v)).toBe(true);
    expect(policy.spec?.ingress?.[0]?.ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    const egress = policy.spec?.egress?.flatMap((e) => e.ports ?? []).map((p) => p.port);
    expect(egress).toEqual(expect.arrayContaining([53, 443, 5432]));
  });

  it('the CronJob variant runs serve --once with the same configuration and secrets', () => {
    const container = cronJob.spec?.jobTemplate.spec?.template.spec?.containers[0] as IContainer;
    expect(container.args).toEqual(['serve', '--once']);
    expect(cronJob.spec?.concurrencyPolicy).toBe('Forbid');
  });

  it.each(workloads)(
    '%s: reads the Secret template by name and finds its configuration, rules, templates and state',
    async (_kind, pod) => {
      const container = pod.containers[0] as IContainer;
      expect(container.envFrom?.[0]?.secretRef?.name).toBe(secret.metadata?.name);
      // Every secret lakewarden reads is a key of the template; nothing else is.
      const { Env } = await import('../../../src/config/env.ts');
      for (const key of Object.keys(secret.stringData ?? {})) expect(Object.keys(Env.shape)).toContain(key);
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
      const configPath = container.env?.find((e) => e.name === 'LAKEWARDEN_CONFIG')?.value as string;
      const mounts = new Map<string, Source>();
      for (const mount of container.volumeMounts ?? []) {
        const volume = pod.volumes?.find((v) => v.name === mount.name);
        if (volume?.configMap !== undefined) {
          expect(volume.configMap.name).toBe('lakewarden-config');
          // configMapGenerator (deploy/kubernetes/base) makes one key per file, mounted as a file of that name.
          mounts.set(posix.join(mount.mountPath, 'lakewarden.yaml'), {
            kind: 'host',
            path: join(DIR, 'base/lakewarden.yaml'),
          });
        } else if (volume?.emptyDir !== undefined) {
          mounts.set(mount.mountPath, { kind: 'volume', path: mount.mountPath });
        }
      }
      const text = readFileSync(join(DIR, 'base/lakewarden.yaml'), 'utf8');
      const { problems } = await checkServedPaths(configPath, text, mounts, imageLayout());
      expect(problems).toEqual([]);
    },
  );
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const skipReason =
  kubectl.status === 0
    ? undefined
    : 'kubectl is not installed (apt-get install -y kubernetes-client; .ci/run installs it)';
const title =
  skipReason === undefined ? 'kubectl kustomize deploy/kubernetes' : `kubectl kustomize — SKIPPED: ${skipReason}`;

describe.skipIf(skipReason !== undefined)(title, () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  it.each([
    ['deploy/kubernetes', ['ConfigMap', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service'], 'Deployment'],
    ['deploy/kubernetes/cronjob', ['ConfigMap', 'CronJob', 'NetworkPolicy'], 'CronJob'],
  ])('%s builds, every object validates, and the workload mounts the generated ConfigMap', (dir, kinds, workload) => {
    const built = documents(execFileSync('kubectl', ['kustomize', join(ROOT, dir)], { encoding: 'utf8' }));
    expect(built.map((o) => o.kind).sort()).toEqual(kinds);
    for (const object of built) expect(() => validateModel(object)).not.toThrow();
    const configMap = built.find((o) => o.kind === 'ConfigMap') as K8sObject & { data: Record<string, string> };
    expect(configMap.metadata.name).toMatch(/^lakewarden-config-[a-z0-9]+$/);
    expect(configMap.data['lakewarden.yaml']).toBe(readFileSync(join(DIR, 'base/lakewarden.yaml'), 'utf8'));
    const object = built.find((o) => o.kind === workload) as unknown as IDeployment | ICronJob;
    const pod =
      object.kind === 'Deployment'
        ? (object as IDeployment).spec?.template.spec
        : (object as ICronJob).spec?.jobTemplate.spec?.template.spec;
    expect(pod?.volumes?.find((v) => v.name === 'config')?.configMap?.name).toBe(configMap.metadata.name);
    expect(pod?.containers[0]?.image).toBe(`lakewarden:${pkg.version}`);
  });
});
