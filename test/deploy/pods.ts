import type { K8sObject } from './helm';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; fieldRef?: { fieldPath: string } };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  resources?: { requests?: { cpu?: string; memory?: string }; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  terminationGracePeriodSeconds?: number;
  volumes?: { name: string; secret?: { secretName: string }; emptyDir?: unknown }[];
}

/** The pod template of a Deployment or Job. */
export function podSpec(object: K8sObject): PodSpec {
  const spec = object.spec as { template?: { spec?: PodSpec } } | undefined;
  if (!spec?.template?.spec) throw new Error(`${object.kind} ${object.metadata.name} has no pod template`);
  return spec.template.spec;
}

/** Deployments and Jobs: every object that runs pods. */
export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => object.kind === 'Deployment' || object.kind === 'Job');
}

export function component(object: K8sObject): string | undefined {
  return object.metadata.labels?.['app.kubernetes.io/component'];
}

/** A container's port number for a probe's port, which may name one of its ports. */
export function probePort(container: Container, port: string | number): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}
