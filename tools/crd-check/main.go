// crd-check runs the Kubernetes API server's own CustomResourceDefinition validation (with cel-go's
// cost estimator) on CRD files, and prints each x-kubernetes-validations rule's estimated cost.
//
//	cd tools/crd-check && go run . ../../crds/*.yml
//
// Exit status 1 when the API server would refuse a CRD. CrdRuleCostTest holds the Java bound of these
// costs (io.stageline.embedded.validation.RuleCostEstimator) against the numbers printed here.
package main

import (
	"context"
	"fmt"
	"os"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/model"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	"sigs.k8s.io/yaml"
)

func main() {
	failed := false
	for _, path := range os.Args[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		var v1 apiextensionsv1.CustomResourceDefinition
		if err := yaml.UnmarshalStrict(data, &v1); err != nil {
			fmt.Printf("%s: %v\n", path, err)
			failed = true
			continue
		}
		apiextensionsv1.SetObjectDefaults_CustomResourceDefinition(&v1)
		var crd apiextensions.CustomResourceDefinition
		if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(&v1, &crd, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		errs := validation.ValidateCustomResourceDefinition(context.Background(), &crd)
		for _, e := range errs {
			fmt.Printf("%s: %v\n", path, e)
			failed = true
		}
		if len(errs) == 0 {
			fmt.Printf("%s: valid\n", path)
			printCosts(&crd)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// printCosts prints "<crd> <field path> <rule cost> x <cardinality>" for every rule, as the server computes them.
func printCosts(crd *apiextensions.CustomResourceDefinition) {
	for i, v := range crd.Spec.Versions {
		props := crd.Spec.Validation
		prefix := "spec.validation.openAPIV3Schema"
		if v.Schema != nil {
			props = v.Schema
			prefix = fmt.Sprintf("spec.versions[%d].schema.openAPIV3Schema", i)
		}
		s, err := structuralschema.NewStructural(props.OpenAPIV3Schema)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		walk(crd.Name, s, prefix, 1, true, true)
		if v.Schema == nil {
			return
		}
	}
}

func walk(crd string, s *structuralschema.Structural, path string, card uint64, bounded bool, root bool) {
	if len(s.XValidations) > 0 {
		env := environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion())
		results, err := cel.Compile(s, model.SchemaDeclType(s, root), celconfig.PerCallLimit, env, cel.NewExpressionsEnvLoader())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for i, r := range results {
			c := card
			if !bounded {
				c = r.MaxCardinality
			}
			fmt.Printf("%s %s.x-kubernetes-validations[%d].rule %d x %d\n", crd, path, i, r.MaxCost, c)
		}
	}
	factor, factorBounded := uint64(1), true
	switch s.Type {
	case "array":
		if s.ValueValidation != nil && s.ValueValidation.MaxItems != nil {
			factor = uint64(*s.ValueValidation.MaxItems)
		} else {
			factorBounded = false
		}
	case "object":
		if s.AdditionalProperties != nil {
			if s.ValueValidation != nil && s.ValueValidation.MaxProperties != nil {
				factor = uint64(*s.ValueValidation.MaxProperties)
			} else {
				factorBounded = false
			}
		}
	}
	for name, p := range s.Properties {
		p := p
		walk(crd, &p, path+".properties["+name+"]", card*factor, bounded && factorBounded, false)
	}
	if s.Items != nil {
		walk(crd, s.Items, path+".items", card*factor, bounded && factorBounded, false)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Structural != nil {
		walk(crd, s.AdditionalProperties.Structural, path+".additionalProperties", card*factor, bounded && factorBounded, false)
	}
}
