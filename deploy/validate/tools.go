//go:build tools

// Package tools pins the helm program this project builds from Go modules (see
// infra/scripts/build-deploy-tools.sh), in the same module as the manifest validator so both
// read Kubernetes objects with the same k8s.io release.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
