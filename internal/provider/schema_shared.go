package provider

import (
	"context"
	"fmt"
	"github.com/portico/portico/internal/apigw"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// The attributes and import-id handling the nine resources share. Each
// resource file keeps its own logic; the facts that are the same everywhere
// (descriptions, plan modifiers, validators, import-id syntax) live here.

// idAttribute is a computed `id` kept across plans.
func idAttribute(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
}

// keyAttribute is a required argument that names the object in API Gateway
// (part of its key): API Gateway cannot change it in place.
func keyAttribute(desc string, validators ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Required:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		Validators:          validators,
	}
}

// restAPIIDAttribute is `rest_api_id`, described as the associated REST API;
// restAPIIDAttributeDesc gives it another description.
func restAPIIDAttribute() schema.StringAttribute {
	return restAPIIDAttributeDesc("ID of the associated REST API.")
}

func restAPIIDAttributeDesc(desc string) schema.StringAttribute {
	return keyAttribute(desc, stringvalidator.LengthAtLeast(1))
}

// resourceIDAttribute is `resource_id`.
func resourceIDAttribute() schema.StringAttribute {
	return keyAttribute("API resource ID.", stringvalidator.LengthAtLeast(1))
}

// httpMethodAttribute is `http_method`, checked by apigw.ValidateHTTPMethod.
func httpMethodAttribute(desc string) schema.StringAttribute {
	return keyAttribute(desc, httpMethodValidator())
}

// statusCodeAttribute is `status_code`, checked by apigw.ValidateStatusCode.
func statusCodeAttribute(desc string) schema.StringAttribute {
	return keyAttribute(desc, statusCodeValidator())
}

// importIDParts parses an import id of the given form, e.g.
// "REST-API-ID/RESOURCE-ID/HTTP-METHOD", with an optional "@REGION" suffix
// (which sets `region`, see importRegion). Each part is set into the
// attribute of the same position in attrs ("" skips it). A malformed id is
// a diagnostic that names the expected form; ok is false then.
func importIDParts(ctx context.Context, c *Client, req resource.ImportStateRequest, resp *resource.ImportStateResponse, form string, attrs ...string) ([]string, bool) {
	id := importRegion(ctx, c, req.ID, resp)
	parts, err := splitImportID(id, form)
	if err != nil {
		resp.Diagnostics.AddError("Unexpected import identifier", fmt.Sprintf("Unexpected format of ID (%q), %s", req.ID, err))
		return nil, false
	}
	for i, attr := range attrs {
		if attr == "http_method" && i < len(parts) {
			// The same rule as at plan time, so "API/RES/post" says "did you
			// mean POST" rather than that the object does not exist.
			if err := apigw.ValidateHTTPMethod(parts[i]); err != nil {
				resp.Diagnostics.AddError("Unexpected import identifier", fmt.Sprintf("Unexpected HTTP method in ID (%q): %s", req.ID, err))
				return nil, false
			}
		}
	}
	for i, attr := range attrs {
		if attr != "" && i < len(parts) {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(attr), parts[i])...)
		}
	}

	return parts, !resp.Diagnostics.HasError()
}

// splitImportID splits id into as many non-empty "/"-separated parts as
// form has.
func splitImportID(id, form string) ([]string, error) {
	want := strings.Count(form, "/") + 1
	parts := strings.Split(id, "/")
	if len(parts) != want {
		return nil, fmt.Errorf("expected %s[@REGION]", form)
	}
	for _, p := range parts {
		if p == "" {
			return nil, fmt.Errorf("expected %s[@REGION]", form)
		}
	}

	return parts, nil
}

// deleteDiag reports a Delete call's error; NotFound is success (the object
// is already gone).
func deleteDiag(diags *diag.Diagnostics, kind, id string, err error) {
	if err != nil && !isNotFound(err) {
		diags.AddError("Error deleting API Gateway "+kind, fmt.Sprintf("deleting API Gateway %s (%s): %s", kind, id, err))
	}
}
