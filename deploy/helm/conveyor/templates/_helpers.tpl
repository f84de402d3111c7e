{{/* Names, labels and the pieces every pod shares. */}}

{{- define "conveyor.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart>, or the release name alone when it already holds the chart's name. */}}
{{- define "conveyor.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "conveyor.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "conveyor.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component: (dict "root" $ "component" "api"). */}}
{{- define "conveyor.selectorLabels" -}}
app.kubernetes.io/name: {{ include "conveyor.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* What every worker pod carries besides its own component: the workers' metrics Service selects them by it. */}}
{{- define "conveyor.workerRoleLabel" -}}
conveyor/role: worker
{{- end }}

{{- define "conveyor.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The Worker Deployment the workers poll as (workerVersioning.deploymentName, else the chart's full name). */}}
{{- define "conveyor.workerDeploymentName" -}}
{{- $name := .Values.workerVersioning.deploymentName | default (include "conveyor.fullname" .) }}
{{- if contains "." $name }}
{{- fail (printf "workerVersioning.deploymentName %q has a dot: Temporal writes a version as <deployment name>.<build id>, so a name takes none" $name) }}
{{- end }}
{{- $name }}
{{- end }}

{{/*
The worker versions to run, as JSON: [{buildId, tag, suffix, labels}], one set of worker
Deployments each, named with its suffix, running its image tag, its pods told apart from another
version's by its labels. Versioning off: one entry with no build id, and the workers render as
they did before the option.
*/}}
{{- define "conveyor.workerVersions" -}}
{{- if not .Values.workerVersioning.enabled }}
{{- list (dict "buildId" "" "tag" "" "suffix" "" "labels" dict) | toJson }}
{{- else }}
{{- $versions := .Values.workerVersioning.versions | default (list (dict "buildId" (.Values.image.tag | default .Chart.AppVersion))) }}
{{- $out := list }}
{{- $seen := dict }}
{{- range $versions }}
{{- $buildId := toString .buildId }}
{{- $slug := regexReplaceAll "[^a-z0-9-]+" (lower $buildId) "-" | trunc 40 | trimAll "-" }}
{{- if not $slug }}
{{- fail (printf "workerVersioning.versions: build id %q has no letter or digit to name its Deployments by" $buildId) }}
{{- end }}
{{- if hasKey $seen $slug }}
{{- fail (printf "workerVersioning.versions: build ids %q and %q would name the same Deployments (-%s)" (get $seen $slug) $buildId $slug) }}
{{- end }}
{{- $_ := set $seen $slug $buildId }}
{{- $out = append $out (dict "buildId" $buildId "tag" (toString (.tag | default $buildId)) "suffix" (printf "-%s" $slug) "labels" (dict "conveyor/worker-build" $slug)) }}
{{- end }}
{{- $out | toJson }}
{{- end }}
{{- end }}

{{- define "conveyor.temporalServerImage" -}}
{{ .Values.temporal.selfHosted.image.repository }}:{{ .Values.temporal.selfHosted.image.tag }}
{{- end }}

{{- define "conveyor.secretName" -}}
{{ .Values.secrets.existingSecret | default (printf "%s-secrets" (include "conveyor.fullname" .)) }}
{{- end }}

{{- define "conveyor.postgresSecretName" -}}
{{ .Values.temporal.selfHosted.postgres.existingSecret | default (printf "%s-temporal-postgres" (include "conveyor.fullname" .)) }}
{{- end }}

{{- define "conveyor.elasticsearchSecretName" -}}
{{ .Values.temporal.selfHosted.elasticsearch.existingSecret | default (printf "%s-temporal-elasticsearch" (include "conveyor.fullname" .)) }}
{{- end }}

{{/* The self-hosted frontend's Service and its in-cluster address. */}}
{{- define "conveyor.temporalFrontendService" -}}
{{ include "conveyor.fullname" . }}-temporal-frontend
{{- end }}

{{- define "conveyor.temporalHistoryService" -}}
{{ include "conveyor.fullname" . }}-temporal-history
{{- end }}

{{/*
Self-hosted Temporal's mTLS (temporal.selfHosted.tls): "true" when on, empty otherwise. Turning it
off without allowInsecure fails the render, naming what that exposes.
*/}}
{{- define "conveyor.temporalTls" -}}
{{- $tls := .Values.temporal.selfHosted.tls }}
{{- if eq .Values.temporal.mode "selfHosted" }}
{{- if $tls.enabled }}true
{{- else if not $tls.allowInsecure }}
{{- fail "temporal.selfHosted.tls.enabled=false lets any pod that reaches the Temporal frontend start, signal, terminate and read every workflow: set temporal.selfHosted.tls.allowInsecure=true as well to accept that" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The Secret with the certificate all four Temporal services serve (and present to each other). */}}
{{- define "conveyor.temporalServerTlsSecret" -}}
{{ .Values.temporal.selfHosted.tls.serverSecretName | default (printf "%s-temporal-server-tls" (include "conveyor.fullname" .)) }}
{{- end }}

{{/* The name the services' certificate is checked against: by default the frontend's in-cluster name, which clients dial. */}}
{{- define "conveyor.temporalServerName" -}}
{{ .Values.temporal.selfHosted.tls.serverName | default (printf "%s.%s.svc" (include "conveyor.temporalFrontendService" .) .Release.Namespace) }}
{{- end }}

{{/*
The client certificate's Secret that Conveyor's pods, the namespace Job and the UI mount at
/etc/temporal-tls: external mode's certSecretName, or self-hosted mTLS's client Secret; empty
when there is none.
*/}}
{{- define "conveyor.temporalClientTlsSecret" -}}
{{- if eq .Values.temporal.mode "external" }}
{{- .Values.temporal.external.tls.certSecretName }}
{{- else if include "conveyor.temporalTls" . }}
{{- .Values.temporal.selfHosted.tls.clientSecretName | default (printf "%s-temporal-client-tls" (include "conveyor.fullname" .)) }}
{{- end }}
{{- end }}

{{- define "conveyor.temporalAddress" -}}
{{- if eq .Values.temporal.mode "selfHosted" -}}
{{ include "conveyor.temporalFrontendService" . }}.{{ .Release.Namespace }}.svc:7233
{{- else -}}
{{ required "temporal.external.address is required with temporal.mode external (the frontend's host:port)" .Values.temporal.external.address }}
{{- end }}
{{- end }}

{{/*
The Secret's keys are the variables' names; each is optional in an existing Secret, and only the
values given are written to a Secret the chart creates.
*/}}
{{- define "conveyor.secretVariables" -}}
{{- dict "CONVEYOR_API_KEYS" .Values.secrets.apiKeys "CONVEYOR_USERS" .Values.secrets.users "CONVEYOR_LLM_API_KEY" .Values.secrets.llmApiKey "TEMPORAL_API_KEY" .Values.secrets.temporalApiKey | toJson }}
{{- end }}

{{/* Which secrets each kind of container gets: the API checks keys and users, workers call the LLM. */}}
{{- define "conveyor.secretsOf" -}}
{{- dict "api" (list "CONVEYOR_API_KEYS" "CONVEYOR_USERS" "TEMPORAL_API_KEY") "worker" (list "CONVEYOR_LLM_API_KEY" "TEMPORAL_API_KEY") | toJson }}
{{- end }}

{{/*
Every Conveyor container's environment: the ConfigMap, the secrets its kind needs by reference,
then `extra` (a list of plain variables): (dict "root" $ "kind" "worker" "extra" (list ...)).
*/}}
{{- define "conveyor.env" -}}
{{- $root := .root }}
{{- $env := list }}
{{- $needed := get (include "conveyor.secretsOf" $root | fromJson) .kind }}
{{- range $name, $value := (include "conveyor.secretVariables" $root | fromJson) }}
{{- if and (has $name $needed) (or $root.Values.secrets.existingSecret $value) }}
{{- $ref := dict "name" (include "conveyor.secretName" $root) "key" $name "optional" (not (empty $root.Values.secrets.existingSecret)) }}
{{- $env = append $env (dict "name" $name "valueFrom" (dict "secretKeyRef" $ref)) }}
{{- end }}
{{- end }}
{{- $env = concat $env (.extra | default list) }}
envFrom:
  - configMapRef:
      name: {{ include "conveyor.fullname" $root }}-settings
{{- with $env }}
env:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Non-root, read-only root filesystem, no privilege escalation, no capabilities. */}}
{{- define "conveyor.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .uid }}
fsGroup: {{ .uid }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "conveyor.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end }}

{{/* Pod-level fields shared by every pod: (dict "root" $ "extra" .Values.api), and "uid" for an image not ours (10001 otherwise). */}}
{{- define "conveyor.podScheduling" -}}
{{- $nodeSelector := merge (deepCopy (.extra.nodeSelector | default dict)) .root.Values.nodeSelector }}
{{- with $nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with concat (.extra.tolerations | default list) .root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with (.extra.affinity | default .root.Values.affinity) }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
automountServiceAccountToken: false
securityContext:
  {{- include "conveyor.podSecurityContext" (dict "uid" (.uid | default 10001)) | nindent 2 }}
{{- end }}

{{- define "conveyor.podMetadata" -}}
labels:
  {{- include "conveyor.selectorLabels" (dict "root" .root "component" .component) | nindent 2 }}
  {{- with .labels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
  {{- with .root.Values.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- $annotations := merge (deepCopy (.annotations | default dict)) .root.Values.podAnnotations }}
{{- with $annotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Volumes every Conveyor pod mounts: its data folder and /tmp (the root filesystem is read-only), Temporal's client certificate. */}}
{{- define "conveyor.volumes" -}}
volumes:
  - name: data
    emptyDir: { sizeLimit: {{ .Values.conveyor.scratchSizeLimit }} }
  - name: tmp
    emptyDir: { sizeLimit: {{ .Values.conveyor.scratchSizeLimit }} }
  {{- with include "conveyor.temporalClientTlsSecret" . }}
  - name: temporal-tls
    secret:
      secretName: {{ . }}
  {{- end }}
{{- end }}

{{- define "conveyor.volumeMounts" -}}
volumeMounts:
  - name: data
    mountPath: {{ .Values.conveyor.dataDir }}
  - name: tmp
    mountPath: /tmp
  {{- if include "conveyor.temporalClientTlsSecret" . }}
  - name: temporal-tls
    mountPath: /etc/temporal-tls
    readOnly: true
  {{- end }}
{{- end }}

{{/* A change of settings or secrets rolls the pods that read them. */}}
{{- define "conveyor.configChecksums" -}}
checksum/settings: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
checksum/secrets: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
{{- end }}

{{/*
Self-hosted Temporal: the CONVEYOR_CLUSTER_* values deploy/cluster/temporal.yaml reads, shared by
the four services. Ports are deploy/cluster/settings.sh's defaults (each pod has its own address).
The services reach the database through PgBouncer when it is enabled, with the driver that works
there (postgres12_pgx; the template then sets the simple protocol).
*/}}
{{- define "conveyor.temporalServerSettings" -}}
{{- $sh := .Values.temporal.selfHosted }}
{{- $pg := $sh.postgres }}
CONVEYOR_CLUSTER_LOG_LEVEL: {{ $sh.logLevel | quote }}
CONVEYOR_CLUSTER_SHARDS: {{ $sh.numHistoryShards | quote }}
{{- if $pg.pgbouncer.enabled }}
CONVEYOR_CLUSTER_SQL_PLUGIN: postgres12_pgx
CONVEYOR_CLUSTER_PG_HOST: {{ required "temporal.selfHosted.postgres.pgbouncer.host is required when pgbouncer.enabled" $pg.pgbouncer.host | quote }}
CONVEYOR_CLUSTER_DB_PORT: {{ $pg.pgbouncer.port | quote }}
{{- else }}
CONVEYOR_CLUSTER_SQL_PLUGIN: postgres12
CONVEYOR_CLUSTER_PG_HOST: {{ required "temporal.selfHosted.postgres.host is required with temporal.mode selfHosted (the PostgreSQL server)" $pg.host | quote }}
CONVEYOR_CLUSTER_DB_PORT: {{ $pg.port | quote }}
{{- end }}
CONVEYOR_CLUSTER_DB_USER: {{ $pg.user | quote }}
CONVEYOR_CLUSTER_DB_NAME: {{ $pg.database | quote }}
CONVEYOR_CLUSTER_VISIBILITY_DB_NAME: {{ $pg.visibilityDatabase | quote }}
CONVEYOR_CLUSTER_SQL_MAX_CONNS: {{ $pg.maxConns | quote }}
CONVEYOR_CLUSTER_SQL_VIS_MAX_CONNS: {{ $pg.visibilityMaxConns | quote }}
{{- if $sh.elasticsearch.enabled }}
CONVEYOR_CLUSTER_VISIBILITY_STORE: elasticsearch
{{ include "conveyor.temporalElasticsearchSettings" . }}
{{- end }}
CONVEYOR_CLUSTER_FRONTEND_PORT: "7233"
CONVEYOR_CLUSTER_FRONTEND_HTTP_PORT: "7243"
CONVEYOR_CLUSTER_HISTORY_PORT: "7234"
CONVEYOR_CLUSTER_MATCHING_PORT: "7235"
CONVEYOR_CLUSTER_WORKER_PORT: "7239"
CONVEYOR_CLUSTER_FRONTEND_MEMBERSHIP_PORT: "6933"
CONVEYOR_CLUSTER_HISTORY_MEMBERSHIP_PORT: "6934"
CONVEYOR_CLUSTER_MATCHING_MEMBERSHIP_PORT: "6935"
CONVEYOR_CLUSTER_WORKER_MEMBERSHIP_PORT: "6939"
CONVEYOR_CLUSTER_FRONTEND_ADDRESS: {{ include "conveyor.temporalFrontendService" . }}.{{ .Release.Namespace }}.svc:7233
CONVEYOR_CLUSTER_FRONTEND_HTTP_ADDRESS: {{ include "conveyor.temporalFrontendService" . }}.{{ .Release.Namespace }}.svc:7243
CONVEYOR_CLUSTER_DYNAMIC_CONFIG: /etc/temporal/dynamicconfig.yaml
{{- if include "conveyor.temporalTls" . }}
# mTLS: the server Secret, mounted by each service at /etc/temporal/tls.
CONVEYOR_CLUSTER_TLS_CERT_FILE: /etc/temporal/tls/tls.crt
CONVEYOR_CLUSTER_TLS_KEY_FILE: /etc/temporal/tls/tls.key
CONVEYOR_CLUSTER_TLS_CA_FILE: /etc/temporal/tls/ca.crt
CONVEYOR_CLUSTER_TLS_SERVER_NAME: {{ include "conveyor.temporalServerName" . | quote }}
{{- end }}
{{- end }}

{{/*
Elasticsearch visibility: where the services and the schema Job's index step reach it, bar the
password (a Secret). Read by deploy/cluster/temporal.yaml and elasticsearch-schema.sh.
*/}}
{{- define "conveyor.temporalElasticsearchSettings" -}}
{{- $es := .Values.temporal.selfHosted.elasticsearch -}}
CONVEYOR_CLUSTER_ES_URL: {{ required "temporal.selfHosted.elasticsearch.url is required with temporal.selfHosted.elasticsearch.enabled (the Elasticsearch server, scheme://host:port)" $es.url | quote }}
CONVEYOR_CLUSTER_ES_INDEX: {{ $es.index | quote }}
CONVEYOR_CLUSTER_ES_USER: {{ $es.username | quote }}
{{- end }}

{{/* The Elasticsearch password, from the Secret: every server container and the schema Job's index step. */}}
{{- define "conveyor.temporalElasticsearchPasswordEnv" -}}
- name: CONVEYOR_CLUSTER_ES_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "conveyor.elasticsearchSecretName" . }}
      key: {{ if .Values.temporal.selfHosted.elasticsearch.existingSecret }}{{ .Values.temporal.selfHosted.elasticsearch.existingSecretKey }}{{ else }}password{{ end }}
{{- end }}

{{/* The database password, from the Secret: every server container and the schema Job. */}}
{{- define "conveyor.temporalPasswordEnv" -}}
- name: CONVEYOR_CLUSTER_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "conveyor.postgresSecretName" . }}
      key: {{ if .Values.temporal.selfHosted.postgres.existingSecret }}{{ .Values.temporal.selfHosted.postgres.existingSecretKey }}{{ else }}password{{ end }}
{{- end }}

{{/*
Waits until a TCP port answers, with the server image's bash (/dev/tcp): no other image to pull.
(dict "root" $ "name" "wait-for-history" "host" h "port" p)
*/}}
{{- define "conveyor.waitForPort" -}}
- name: {{ .name }}
  image: {{ include "conveyor.temporalServerImage" .root }}
  imagePullPolicy: {{ .root.Values.temporal.selfHosted.image.pullPolicy }}
  command: [bash, -c, 'until (exec 3<>/dev/tcp/{{ .host }}/{{ .port }}) 2>/dev/null; do echo "waiting for {{ .host }}:{{ .port }}"; sleep 2; done']
  resources:
    {{- toYaml .root.Values.temporal.selfHosted.jobResources | nindent 4 }}
  securityContext:
    {{- include "conveyor.containerSecurityContext" .root | nindent 4 }}
{{- end }}
