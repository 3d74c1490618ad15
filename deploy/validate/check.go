package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// check applies the rules strict decoding cannot: each object's own (names, labels, selectors,
// ports, probes, resources) and those between objects (what a Service, PodDisruptionBudget or
// ScaledObject points at must be in the same render).
func check(objects []decoded) []string {
	var problems []string
	report := func(object Object, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s %q: %s", object.Kind, object.Name, fmt.Sprintf(format, args...)))
	}
	deployments := map[string]*appsv1.Deployment{}
	configMaps := map[string]bool{}
	triggerAuths := map[string]*TriggerAuthentication{}
	for _, object := range objects {
		for _, msg := range validation.IsDNS1123Subdomain(object.Name) {
			report(object.Object, "name: %s", msg)
		}
		switch value := object.value.(type) {
		case *appsv1.Deployment:
			deployments[object.Name] = value
			checkLabels(value.Labels, func(msg string) { report(object.Object, "%s", msg) })
		case *corev1.ConfigMap:
			configMaps[object.Name] = true
		case *TriggerAuthentication:
			triggerAuths[object.Name] = value
		}
	}
	for _, object := range objects {
		fail := func(format string, args ...any) { report(object.Object, format, args...) }
		switch value := object.value.(type) {
		case *appsv1.Deployment:
			checkDeployment(value, configMaps, fail)
		case *corev1.Service:
			for _, msg := range validation.IsDNS1035Label(value.Name) {
				fail("a Service name must be a DNS-1035 label: %s", msg)
			}
			pods := selectedPods(value.Spec.Selector, deployments)
			if len(pods) == 0 {
				fail("selector %v matches no Deployment's pods", value.Spec.Selector)
			}
			for _, port := range value.Spec.Ports {
				if port.TargetPort.Type == intstr.String {
					for _, pod := range pods {
						if !hasNamedPort(pod, port.TargetPort.StrVal) {
							fail("targetPort %q is no container port of the pods it selects", port.TargetPort.StrVal)
						}
					}
				}
			}
		case *policyv1.PodDisruptionBudget:
			selector, err := metav1.LabelSelectorAsSelector(value.Spec.Selector)
			if err != nil || value.Spec.Selector == nil {
				fail("selector: %v", err)
				continue
			}
			if len(podsMatching(selector, deployments)) == 0 {
				fail("selector matches no Deployment's pods")
			}
			if value.Spec.MinAvailable != nil && value.Spec.MaxUnavailable != nil {
				fail("minAvailable and maxUnavailable are exclusive")
			}
		case *ScaledObject:
			checkScaledObject(value, deployments, triggerAuths, fail)
		case *TriggerAuthentication:
			for _, ref := range value.Spec.SecretTargetRef {
				if !temporalScalerAuthParams[ref.Parameter] {
					fail("secretTargetRef parameter %q is not one the temporal scaler reads", ref.Parameter)
				}
				if ref.Name == "" || ref.Key == "" {
					fail("secretTargetRef %q needs a Secret name and key", ref.Parameter)
				}
			}
		}
	}
	return problems
}

func checkLabels(set map[string]string, fail func(string)) {
	for key, value := range set {
		for _, msg := range validation.IsQualifiedName(key) {
			fail(fmt.Sprintf("label key %q: %s", key, msg))
		}
		for _, msg := range validation.IsValidLabelValue(value) {
			fail(fmt.Sprintf("label %q value %q: %s", key, value, msg))
		}
	}
}

func checkDeployment(deployment *appsv1.Deployment, configMaps map[string]bool, fail func(string, ...any)) {
	template := deployment.Spec.Template
	checkLabels(template.Labels, func(msg string) { fail("pod template %s", msg) })
	selector, err := metav1.LabelSelectorAsSelector(deployment.Spec.Selector)
	switch {
	case deployment.Spec.Selector == nil:
		fail("spec.selector is required")
	case err != nil:
		fail("spec.selector: %v", err)
	case !selector.Matches(labels.Set(template.Labels)):
		fail("spec.selector does not match the pod template's labels (the API server refuses this)")
	}
	if len(template.Spec.Containers) == 0 {
		fail("no containers")
	}
	for _, volume := range template.Spec.Volumes {
		if cm := volume.ConfigMap; cm != nil && !configMaps[cm.Name] && (cm.Optional == nil || !*cm.Optional) {
			fail("volume %q mounts ConfigMap %q, which the chart does not render", volume.Name, cm.Name)
		}
	}
	for _, container := range append(template.Spec.InitContainers, template.Spec.Containers...) {
		where := fmt.Sprintf("container %q", container.Name)
		for _, msg := range validation.IsDNS1123Label(container.Name) {
			fail("%s name: %s", where, msg)
		}
		if container.Image == "" {
			fail("%s has no image", where)
		}
		for _, port := range container.Ports {
			if port.Name != "" {
				for _, msg := range validation.IsValidPortName(port.Name) {
					fail("%s port name %q: %s", where, port.Name, msg)
				}
			}
		}
		for _, env := range container.Env {
			for _, msg := range validation.IsEnvVarName(env.Name) {
				fail("%s env %q: %s", where, env.Name, msg)
			}
		}
		for _, source := range container.EnvFrom {
			if cm := source.ConfigMapRef; cm != nil && !configMaps[cm.Name] && (cm.Optional == nil || !*cm.Optional) {
				fail("%s envFrom ConfigMap %q, which the chart does not render", where, cm.Name)
			}
		}
		for name, probe := range map[string]*corev1.Probe{
			"readinessProbe": container.ReadinessProbe, "livenessProbe": container.LivenessProbe,
			"startupProbe": container.StartupProbe,
		} {
			if probe != nil && probe.HTTPGet != nil && probe.HTTPGet.Port.Type == intstr.String &&
				!containerHasPort(container, probe.HTTPGet.Port.StrVal) {
				fail("%s %s uses port %q, which the container does not declare", where, name, probe.HTTPGet.Port.StrVal)
			}
		}
		for resource, limit := range container.Resources.Limits {
			if request, ok := container.Resources.Requests[resource]; ok && request.Cmp(limit) > 0 {
				fail("%s requests more %s than its limit", where, resource)
			}
		}
		for _, mount := range container.VolumeMounts {
			if !hasVolume(template.Spec, mount.Name) {
				fail("%s mounts volume %q, which the pod does not define", where, mount.Name)
			}
		}
	}
}

func checkScaledObject(
	scaled *ScaledObject,
	deployments map[string]*appsv1.Deployment,
	auths map[string]*TriggerAuthentication,
	fail func(string, ...any),
) {
	target := scaled.Spec.ScaleTargetRef
	if target == nil || deployments[target.Name] == nil ||
		(target.Kind != "" && target.Kind != "Deployment") {
		fail("scaleTargetRef must name a Deployment of the chart")
	}
	if min, max := scaled.Spec.MinReplicaCount, scaled.Spec.MaxReplicaCount; min != nil && max != nil && *min > *max {
		fail("minReplicaCount %d is above maxReplicaCount %d", *min, *max)
	}
	if len(scaled.Spec.Triggers) == 0 {
		fail("no triggers")
	}
	for _, trigger := range scaled.Spec.Triggers {
		if trigger.Type == "temporal" {
			for key := range trigger.Metadata {
				if !temporalScalerMetadata[key] {
					fail("temporal trigger metadata %q is not a key the scaler reads", key)
				}
			}
			for _, required := range []string{"taskQueue", "targetQueueSize"} {
				if trigger.Metadata[required] == "" && trigger.Metadata[required+"FromEnv"] == "" {
					fail("temporal trigger needs %s", required)
				}
			}
			if trigger.Metadata["endpoint"] == "" && trigger.Metadata["endpointFromEnv"] == "" {
				fail("temporal trigger needs endpoint")
			}
		}
		if ref := trigger.AuthenticationRef; ref != nil && (ref.Kind == "" || ref.Kind == "TriggerAuthentication") &&
			auths[ref.Name] == nil {
			fail("trigger %q refers to TriggerAuthentication %q, which the chart does not render", trigger.Type, ref.Name)
		}
	}
}

func selectedPods(selector map[string]string, deployments map[string]*appsv1.Deployment) []corev1.PodSpec {
	if len(selector) == 0 {
		return nil
	}
	return podsMatching(labels.SelectorFromSet(selector), deployments)
}

func podsMatching(selector labels.Selector, deployments map[string]*appsv1.Deployment) []corev1.PodSpec {
	var pods []corev1.PodSpec
	for _, deployment := range deployments {
		if selector.Matches(labels.Set(deployment.Spec.Template.Labels)) {
			pods = append(pods, deployment.Spec.Template.Spec)
		}
	}
	return pods
}

func hasNamedPort(pod corev1.PodSpec, name string) bool {
	for _, container := range pod.Containers {
		if containerHasPort(container, name) {
			return true
		}
	}
	return false
}

func containerHasPort(container corev1.Container, name string) bool {
	for _, port := range container.Ports {
		if port.Name == name {
			return true
		}
	}
	return false
}

func hasVolume(pod corev1.PodSpec, name string) bool {
	for _, volume := range pod.Volumes {
		if volume.Name == name {
			return true
		}
	}
	return false
}
