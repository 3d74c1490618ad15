// Command validate checks rendered Kubernetes manifests offline, without a cluster or downloaded
// schemas: every document is decoded strictly into its typed object from k8s.io/api (an unknown or
// misspelt field, a duplicate key or a wrongly typed value fails), then held to a few rules the API
// server and the controllers apply (names, labels, selectors matching their pods, probe and
// Service ports naming real container ports, autoscaler targets that exist).
//
//	helm template ... | validate            # or: validate rendered.yaml ...
//
// It prints the objects it accepted as a JSON array (apiVersion, kind, name) and exits 1 after
// listing every problem on stderr.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// Object is one accepted manifest, as printed.
type Object struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Namespace  string `json:"namespace,omitempty"`
}

type decoded struct {
	Object
	value any
}

func newScheme() *runtime.Scheme {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, autoscalingv2.AddToScheme, batchv1.AddToScheme,
		networkingv1.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return scheme
}

// newTyped returns an empty typed object for the document's apiVersion and kind.
func newTyped(scheme *runtime.Scheme, gvk schema.GroupVersionKind) (any, error) {
	if gvk.Group == kedaGroup {
		if typed := newKeda(gvk); typed != nil {
			return typed, nil
		}
	}
	obj, err := scheme.New(gvk)
	if err != nil {
		return nil, fmt.Errorf("unknown apiVersion/kind %s: %w", gvk, err)
	}
	return obj, nil
}

func splitDocuments(input io.Reader) ([][]byte, error) {
	reader := utilyaml.NewYAMLReader(bufio.NewReader(input))
	var docs [][]byte
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		asJSON, err := yaml.YAMLToJSON(doc)
		if err != nil {
			return nil, err
		}
		if trimmed := bytes.TrimSpace(asJSON); len(trimmed) == 0 || string(trimmed) == "null" {
			continue // helm's "# Source:" comments between objects, empty templates
		}
		docs = append(docs, doc)
	}
}

func decode(scheme *runtime.Scheme, doc []byte) (decoded, error) {
	var meta struct {
		metav1.TypeMeta `json:",inline"`
		Metadata        metav1.ObjectMeta `json:"metadata"`
	}
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return decoded{}, err
	}
	if meta.APIVersion == "" || meta.Kind == "" {
		return decoded{}, errors.New("a document without apiVersion or kind")
	}
	object := Object{meta.APIVersion, meta.Kind, meta.Metadata.Name, meta.Metadata.Namespace}
	gv, err := schema.ParseGroupVersion(meta.APIVersion)
	if err != nil {
		return decoded{Object: object}, err
	}
	typed, err := newTyped(scheme, gv.WithKind(meta.Kind))
	if err != nil {
		return decoded{Object: object}, err
	}
	if err := yaml.UnmarshalStrict(doc, typed); err != nil {
		return decoded{Object: object}, err
	}
	return decoded{Object: object, value: typed}, nil
}

func main() {
	var inputs []io.Reader
	for _, name := range os.Args[1:] {
		file, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer file.Close()
		inputs = append(inputs, file)
	}
	if len(inputs) == 0 {
		inputs = append(inputs, os.Stdin)
	}
	scheme := newScheme()
	var objects []decoded
	var problems []string
	for _, input := range inputs {
		docs, err := splitDocuments(input)
		if err != nil {
			problems = append(problems, fmt.Sprintf("reading YAML: %v", err))
			continue
		}
		for i, doc := range docs {
			object, err := decode(scheme, doc)
			if err != nil {
				problems = append(problems, fmt.Sprintf("document %d (%s %q): %v", i+1, object.Kind, object.Name, err))
				continue
			}
			objects = append(objects, object)
		}
	}
	problems = append(problems, check(objects)...)
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "%d problem(s):\n- %s\n", len(problems), strings.Join(problems, "\n- "))
		os.Exit(1)
	}
	printed := make([]Object, 0, len(objects))
	for _, object := range objects {
		printed = append(printed, object.Object)
	}
	out, _ := json.MarshalIndent(printed, "", "  ")
	fmt.Println(string(out))
}
