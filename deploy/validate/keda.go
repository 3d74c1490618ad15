package main

import (
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// KEDA's custom resources are not in k8s.io/api, and its own Go module drags in a controller
// runtime and every scaler's client; these mirror the keda.sh/v1alpha1 fields of ScaledObject and
// TriggerAuthentication (KEDA 2.17+, the first with the temporal scaler) so the same strict decode
// refuses a misspelt or misplaced field. Only the parts a chart writes are modelled: a field
// this file lacks fails validation until it is added here, on purpose.
const kedaGroup = "keda.sh"

type ScaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              ScaledObjectSpec `json:"spec"`
}

type ScaledObjectSpec struct {
	ScaleTargetRef        *ScaleTarget `json:"scaleTargetRef"`
	PollingInterval       *int32       `json:"pollingInterval,omitempty"`
	InitialCooldownPeriod *int32       `json:"initialCooldownPeriod,omitempty"`
	CooldownPeriod        *int32       `json:"cooldownPeriod,omitempty"`
	IdleReplicaCount      *int32       `json:"idleReplicaCount,omitempty"`
	MinReplicaCount       *int32       `json:"minReplicaCount,omitempty"`
	MaxReplicaCount       *int32       `json:"maxReplicaCount,omitempty"`
	Advanced              *Advanced    `json:"advanced,omitempty"`
	Triggers              []Trigger    `json:"triggers"`
	Fallback              *Fallback    `json:"fallback,omitempty"`
}

type ScaleTarget struct {
	Name                   string `json:"name"`
	APIVersion             string `json:"apiVersion,omitempty"`
	Kind                   string `json:"kind,omitempty"`
	EnvSourceContainerName string `json:"envSourceContainerName,omitempty"`
}

type Advanced struct {
	HorizontalPodAutoscalerConfig *HPAConfig `json:"horizontalPodAutoscalerConfig,omitempty"`
	RestoreToOriginalReplicaCount bool       `json:"restoreToOriginalReplicaCount,omitempty"`
}

type HPAConfig struct {
	Name     string                                         `json:"name,omitempty"`
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`
}

type Trigger struct {
	Type              string                         `json:"type"`
	Name              string                         `json:"name,omitempty"`
	UseCachedMetrics  bool                           `json:"useCachedMetrics,omitempty"`
	Metadata          map[string]string              `json:"metadata"`
	AuthenticationRef *AuthenticationRef             `json:"authenticationRef,omitempty"`
	MetricType        autoscalingv2.MetricTargetType `json:"metricType,omitempty"`
}

type AuthenticationRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

type Fallback struct {
	FailureThreshold int32 `json:"failureThreshold"`
	Replicas         int32 `json:"replicas"`
}

type TriggerAuthentication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              TriggerAuthenticationSpec `json:"spec"`
}

type TriggerAuthenticationSpec struct {
	SecretTargetRef []SecretTargetRef `json:"secretTargetRef,omitempty"`
}

type SecretTargetRef struct {
	Parameter string `json:"parameter"`
	Name      string `json:"name"`
	Key       string `json:"key"`
}

func newKeda(gvk schema.GroupVersionKind) any {
	if gvk.Version != "v1alpha1" {
		return nil
	}
	switch gvk.Kind {
	case "ScaledObject":
		return &ScaledObject{}
	case "TriggerAuthentication":
		return &TriggerAuthentication{}
	}
	return nil
}

// temporalScalerMetadata: the trigger metadata KEDA's temporal scaler reads (unknown keys are
// silently ignored by KEDA, so a typo would scale on defaults; here it fails).
var temporalScalerMetadata = map[string]bool{
	"endpoint": true, "endpointFromEnv": true, "namespace": true, "namespaceFromEnv": true,
	"taskQueue": true, "taskQueueFromEnv": true, "targetQueueSize": true,
	"activationTargetQueueSize": true, "queueTypes": true, "buildId": true,
	"workerDeploymentName": true, "workerDeploymentBuildId": true, "selectAllActive": true,
	"selectUnversioned": true, "minConnectTimeout": true, "unsafeSsl": true, "tlsServerName": true,
}

// temporalScalerAuthParams: what a TriggerAuthentication may hand the temporal scaler.
var temporalScalerAuthParams = map[string]bool{
	"cert": true, "key": true, "keyPassword": true, "ca": true, "apiKey": true,
}
