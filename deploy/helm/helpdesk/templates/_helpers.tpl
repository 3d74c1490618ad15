{{/* Labels every object carries; selectors use only name, instance and component. */}}
{{- define "helpdesk.labels" -}}
app.kubernetes.io/name: helpdesk
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{- define "helpdesk.selectorLabels" -}}
app.kubernetes.io/name: helpdesk
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "helpdesk.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "helpdesk.image" -}}
{{ printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "helpdesk.secretName" -}}
{{ default (printf "%s-secrets" .Release.Name) .Values.secrets.existingSecret }}
{{- end }}

{{- define "helpdesk.configName" -}}
{{ printf "%s-config" .Release.Name }}
{{- end }}

{{/*
The process environment: the shared ConfigMap, then each secret from the Secret. Optional keys
may be absent (an unset variable, never an empty one the config would refuse).
*/}}
{{- define "helpdesk.envFrom" -}}
- configMapRef:
    name: {{ include "helpdesk.configName" . }}
{{- end }}

{{- define "helpdesk.secretEnv" -}}
{{- $secret := include "helpdesk.secretName" .root }}
{{- range $key := list "PGPASSWORD" "AMQP_URL" "SERVICE_API_KEY" "METRICS_TOKEN" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ $key }} }
{{- end }}
{{- range $key := concat (list "SMTP_USER" "SMTP_PASSWORD") (.extra | default list) }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef: { name: {{ $secret }}, key: {{ $key }}, optional: true }
{{- end }}
{{- end }}

{{/* What every pod of the chart shares: pull secrets, security context, placement. */}}
{{- define "helpdesk.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* The Temporal client certificate (mTLS), where the ConfigMap's TEMPORAL_TLS_* point. */}}
{{- define "helpdesk.temporalTlsMount" -}}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  mountPath: /etc/helpdesk/temporal-tls
  readOnly: true
{{- end }}
{{- end }}

{{- define "helpdesk.temporalTlsVolume" -}}
{{- if .Values.temporal.tls.enabled }}
- name: temporal-tls
  secret:
    secretName: {{ required "temporal.tls.secretName names the client certificate Secret" .Values.temporal.tls.secretName }}
{{- end }}
{{- end }}

{{/* Replicas of one component on different nodes where the cluster has them. */}}
{{- define "helpdesk.spread" -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "helpdesk.selectorLabels" . | nindent 8 }}
{{- end }}

{{/* Rolls every pod when the shared configuration changes. */}}
{{- define "helpdesk.configChecksum" -}}
checksum/config: {{ include (print .Template.BasePath "/config.yaml") . | sha256sum }}
{{- end }}
