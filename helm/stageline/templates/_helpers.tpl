{{/* Labels on every object, as in deploy/. */}}
{{- define "stageline.labels" -}}
app.kubernetes.io/name: stageline
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: stageline
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Deployment's selector; fixed so that upgrades keep matching the same pods. */}}
{{- define "stageline.selectorLabels" -}}
app.kubernetes.io/name: stageline
app.kubernetes.io/component: operator
{{- end -}}

{{- define "stageline.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{ .Values.serviceAccount.name | default "stageline-operator" }}
{{- else -}}
{{ .Values.serviceAccount.name | default "default" }}
{{- end -}}
{{- end -}}

{{- define "stageline.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
