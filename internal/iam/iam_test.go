package iam_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

var (
	roleIDRE   = regexp.MustCompile(`^AROA[A-Z2-7]{17}$`)
	policyIDRE = regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)
)

func TestRoleLifecycle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()

	out, err := e.iam.CreateRole(ctx, &awsiam.CreateRoleInput{
		RoleName:                 aws.String("app-exec"),
		Path:                     aws.String("/service/"),
		AssumeRolePolicyDocument: aws.String(trustLambda),
		Description:              aws.String("runs the app"),
		Tags:                     []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}, {Key: aws.String("env"), Value: aws.String("")}},
	})
	if err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	r := out.Role
	if got, want := aws.ToString(r.Arn), "arn:aws:iam::123456789012:role/service/app-exec"; got != want {
		t.Errorf("Arn = %q, want %q", got, want)
	}
	if !roleIDRE.MatchString(aws.ToString(r.RoleId)) {
		t.Errorf("RoleId = %q, want AROA + 17 base-32 characters", aws.ToString(r.RoleId))
	}
	if r.MaxSessionDuration != nil {
		t.Errorf("CreateRole answered MaxSessionDuration %d; AWS leaves it out", *r.MaxSessionDuration)
	}
	if got := decodeDoc(t, aws.ToString(r.AssumeRolePolicyDocument)); got != trustLambda {
		t.Errorf("AssumeRolePolicyDocument = %q, want the document as sent", got)
	}
	if r.CreateDate == nil || time.Since(*r.CreateDate) > time.Minute {
		t.Errorf("CreateDate = %v", r.CreateDate)
	}

	got, err := e.iam.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("APP-EXEC")})
	if err != nil {
		t.Fatalf("GetRole (names are case-insensitive): %v", err)
	}
	g := got.Role
	if aws.ToInt32(g.MaxSessionDuration) != 3600 || aws.ToString(g.Description) != "runs the app" || aws.ToString(g.RoleName) != "app-exec" {
		t.Errorf("GetRole = %+v", g)
	}
	if g.RoleLastUsed == nil {
		t.Errorf("GetRole has no RoleLastUsed")
	}
	if len(g.Tags) != 2 || aws.ToString(g.Tags[0].Key) != "env" || aws.ToString(g.Tags[1].Key) != "team" {
		t.Errorf("Tags = %+v, want env, team (sorted)", g.Tags)
	}

	if _, err := e.iam.UpdateRole(ctx, &awsiam.UpdateRoleInput{RoleName: aws.String("app-exec"), MaxSessionDuration: aws.Int32(7200)}); err != nil {
		t.Fatalf("UpdateRole: %v", err)
	}
	ud, err := e.iam.UpdateRoleDescription(ctx, &awsiam.UpdateRoleDescriptionInput{RoleName: aws.String("app-exec"), Description: aws.String("new")})
	if err != nil {
		t.Fatalf("UpdateRoleDescription: %v", err)
	}
	if aws.ToString(ud.Role.Description) != "new" {
		t.Errorf("UpdateRoleDescription Role.Description = %q", aws.ToString(ud.Role.Description))
	}
	trust2 := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["apigateway.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"}]}`
	if _, err := e.iam.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("app-exec"), PolicyDocument: aws.String(trust2)}); err != nil {
		t.Fatalf("UpdateAssumeRolePolicy: %v", err)
	}
	got, err = e.iam.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("app-exec")})
	if err != nil {
		t.Fatalf("GetRole: %v", err)
	}
	if aws.ToInt32(got.Role.MaxSessionDuration) != 7200 || aws.ToString(got.Role.Description) != "new" ||
		decodeDoc(t, aws.ToString(got.Role.AssumeRolePolicyDocument)) != trust2 {
		t.Errorf("after updates GetRole = %+v", got.Role)
	}

	if _, err := e.iam.TagRole(ctx, &awsiam.TagRoleInput{RoleName: aws.String("app-exec"), Tags: []types.Tag{{Key: aws.String("TEAM"), Value: aws.String("b")}}}); err != nil {
		t.Fatalf("TagRole: %v", err)
	}
	if _, err := e.iam.UntagRole(ctx, &awsiam.UntagRoleInput{RoleName: aws.String("app-exec"), TagKeys: []string{"env"}}); err != nil {
		t.Fatalf("UntagRole: %v", err)
	}
	tags, err := e.iam.ListRoleTags(ctx, &awsiam.ListRoleTagsInput{RoleName: aws.String("app-exec")})
	if err != nil {
		t.Fatalf("ListRoleTags: %v", err)
	}
	if len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Key) != "TEAM" || aws.ToString(tags.Tags[0].Value) != "b" {
		t.Errorf("ListRoleTags = %+v, want TEAM=b (role tag keys are case-insensitive)", tags.Tags)
	}

	e.createRole("other")
	list, err := e.iam.ListRoles(ctx, &awsiam.ListRolesInput{PathPrefix: aws.String("/service/")})
	if err != nil {
		t.Fatalf("ListRoles: %v", err)
	}
	if len(list.Roles) != 1 || aws.ToString(list.Roles[0].RoleName) != "app-exec" || list.IsTruncated {
		t.Errorf("ListRoles(/service/) = %+v", list.Roles)
	}
	if list.Roles[0].Tags != nil || list.Roles[0].RoleLastUsed != nil {
		t.Errorf("ListRoles entries carry Tags/RoleLastUsed; AWS leaves them out")
	}

	profiles, err := e.iam.ListInstanceProfilesForRole(ctx, &awsiam.ListInstanceProfilesForRoleInput{RoleName: aws.String("app-exec")})
	if err != nil || len(profiles.InstanceProfiles) != 0 {
		t.Fatalf("ListInstanceProfilesForRole = %v, %v", profiles, err)
	}
	if _, err := e.iam.DeleteRole(ctx, &awsiam.DeleteRoleInput{RoleName: aws.String("app-exec")}); err != nil {
		t.Fatalf("DeleteRole: %v", err)
	}
	if _, err := e.iam.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("app-exec")}); asAPIError(t, err).code != "NoSuchEntity" {
		t.Errorf("GetRole after delete: %v", err)
	}
}

func TestListRolesPagination(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for i := range 5 {
		e.createRole(fmt.Sprintf("role-%d", i))
	}
	var names []string
	var marker *string
	pages := 0
	for {
		out, err := e.iam.ListRoles(ctx, &awsiam.ListRolesInput{MaxItems: aws.Int32(2), Marker: marker})
		if err != nil {
			t.Fatalf("ListRoles: %v", err)
		}
		pages++
		for _, r := range out.Roles {
			names = append(names, aws.ToString(r.RoleName))
		}
		if !out.IsTruncated {
			if out.Marker != nil {
				t.Errorf("last page has a Marker")
			}
			break
		}
		marker = out.Marker
	}
	if pages != 3 || strings.Join(names, ",") != "role-0,role-1,role-2,role-3,role-4" {
		t.Errorf("pages = %d, roles = %v", pages, names)
	}
}

func TestInlinePolicies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.createRole("r")
	for _, n := range []string{"b", "a"} {
		if _, err := e.iam.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String(n), PolicyDocument: aws.String(logsPolicy)}); err != nil {
			t.Fatalf("PutRolePolicy(%s): %v", n, err)
		}
	}
	got, err := e.iam.GetRolePolicy(ctx, &awsiam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("a")})
	if err != nil {
		t.Fatalf("GetRolePolicy: %v", err)
	}
	raw := aws.ToString(got.PolicyDocument)
	if strings.ContainsAny(raw, " {\"") || !strings.Contains(raw, "%20") {
		t.Errorf("PolicyDocument %q is not URL-encoded as IAM encodes (spaces as %%20)", raw)
	}
	if decodeDoc(t, raw) != logsPolicy || aws.ToString(got.RoleName) != "r" || aws.ToString(got.PolicyName) != "a" {
		t.Errorf("GetRolePolicy = %+v", got)
	}
	list, err := e.iam.ListRolePolicies(ctx, &awsiam.ListRolePoliciesInput{RoleName: aws.String("r")})
	if err != nil || strings.Join(list.PolicyNames, ",") != "a,b" {
		t.Fatalf("ListRolePolicies = %v, %v; want a,b", list, err)
	}
	if _, err := e.iam.DeleteRolePolicy(ctx, &awsiam.DeleteRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("a")}); err != nil {
		t.Fatalf("DeleteRolePolicy: %v", err)
	}
	list, err = e.iam.ListRolePolicies(ctx, &awsiam.ListRolePoliciesInput{RoleName: aws.String("r")})
	if err != nil || strings.Join(list.PolicyNames, ",") != "b" {
		t.Fatalf("ListRolePolicies after delete = %v, %v", list, err)
	}
}

func TestManagedPolicies(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	out, err := e.iam.CreatePolicy(ctx, &awsiam.CreatePolicyInput{
		PolicyName: aws.String("logs"), Path: aws.String("/app/"), PolicyDocument: aws.String(logsPolicy),
		Description: aws.String("write logs"), Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}},
	})
	if err != nil {
		t.Fatalf("CreatePolicy: %v", err)
	}
	p := out.Policy
	arn := aws.ToString(p.Arn)
	if arn != "arn:aws:iam::123456789012:policy/app/logs" || !policyIDRE.MatchString(aws.ToString(p.PolicyId)) ||
		aws.ToString(p.DefaultVersionId) != "v1" || !p.IsAttachable || aws.ToInt32(p.AttachmentCount) != 0 {
		t.Errorf("CreatePolicy = %+v", p)
	}
	if p.Description != nil {
		t.Errorf("CreatePolicy answered Description; AWS leaves it out")
	}

	e.createRole("fn")
	basic := "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
	unknownManaged := "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"
	for _, a := range []string{arn, basic, unknownManaged, basic} {
		if _, err := e.iam.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("fn"), PolicyArn: aws.String(a)}); err != nil {
			t.Fatalf("AttachRolePolicy(%s): %v", a, err)
		}
	}
	att, err := e.iam.ListAttachedRolePolicies(ctx, &awsiam.ListAttachedRolePoliciesInput{RoleName: aws.String("fn")})
	if err != nil {
		t.Fatalf("ListAttachedRolePolicies: %v", err)
	}
	var names []string
	for _, a := range att.AttachedPolicies {
		names = append(names, aws.ToString(a.PolicyName))
	}
	if strings.Join(names, ",") != "logs,AWSLambdaBasicExecutionRole,AmazonDynamoDBFullAccess" {
		t.Errorf("attached = %v (attaching twice is a no-op)", names)
	}

	got, err := e.iam.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil {
		t.Fatalf("GetPolicy: %v", err)
	}
	if aws.ToInt32(got.Policy.AttachmentCount) != 1 || aws.ToString(got.Policy.Description) != "write logs" || len(got.Policy.Tags) != 1 {
		t.Errorf("GetPolicy = %+v", got.Policy)
	}
	managed, err := e.iam.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(basic)})
	if err != nil {
		t.Fatalf("GetPolicy(AWS managed): %v", err)
	}
	if aws.ToString(managed.Policy.Path) != "/service-role/" || aws.ToInt32(managed.Policy.AttachmentCount) != 1 {
		t.Errorf("GetPolicy(AWS managed) = %+v", managed.Policy)
	}
	mv, err := e.iam.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(basic), VersionId: managed.Policy.DefaultVersionId})
	if err != nil || !strings.Contains(decodeDoc(t, aws.ToString(mv.PolicyVersion.Document)), "logs:PutLogEvents") {
		t.Errorf("GetPolicyVersion(AWS managed) = %v, %v", mv, err)
	}

	ents, err := e.iam.ListEntitiesForPolicy(ctx, &awsiam.ListEntitiesForPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil || len(ents.PolicyRoles) != 1 || aws.ToString(ents.PolicyRoles[0].RoleName) != "fn" {
		t.Errorf("ListEntitiesForPolicy = %+v, %v", ents, err)
	}

	// Versions: v2 default, v3 not; listed newest first.
	v2 := strings.ReplaceAll(logsPolicy, "logs:PutLogEvents", "logs:CreateLogGroup")
	cv, err := e.iam.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(arn), PolicyDocument: aws.String(v2), SetAsDefault: true})
	if err != nil || aws.ToString(cv.PolicyVersion.VersionId) != "v2" || !cv.PolicyVersion.IsDefaultVersion || cv.PolicyVersion.Document != nil {
		t.Fatalf("CreatePolicyVersion = %+v, %v", cv, err)
	}
	if _, err := e.iam.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(arn), PolicyDocument: aws.String(logsPolicy)}); err != nil {
		t.Fatalf("CreatePolicyVersion v3: %v", err)
	}
	vs, err := e.iam.ListPolicyVersions(ctx, &awsiam.ListPolicyVersionsInput{PolicyArn: aws.String(arn)})
	if err != nil {
		t.Fatalf("ListPolicyVersions: %v", err)
	}
	var order []string
	for _, v := range vs.Versions {
		order = append(order, fmt.Sprintf("%s:%v", aws.ToString(v.VersionId), v.IsDefaultVersion))
	}
	if strings.Join(order, ",") != "v3:false,v2:true,v1:false" {
		t.Errorf("ListPolicyVersions = %v", order)
	}
	gv, err := e.iam.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v2")})
	if err != nil || decodeDoc(t, aws.ToString(gv.PolicyVersion.Document)) != v2 {
		t.Errorf("GetPolicyVersion(v2) = %v, %v", gv, err)
	}
	if _, err := e.iam.SetDefaultPolicyVersion(ctx, &awsiam.SetDefaultPolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String("v1")}); err != nil {
		t.Fatalf("SetDefaultPolicyVersion: %v", err)
	}
	for _, v := range []string{"v2", "v3"} {
		if _, err := e.iam.DeletePolicyVersion(ctx, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(arn), VersionId: aws.String(v)}); err != nil {
			t.Fatalf("DeletePolicyVersion(%s): %v", v, err)
		}
	}

	if _, err := e.iam.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String(arn), Tags: []types.Tag{{Key: aws.String("A"), Value: aws.String("2")}}}); err != nil {
		t.Fatalf("TagPolicy: %v", err)
	}
	pt, err := e.iam.ListPolicyTags(ctx, &awsiam.ListPolicyTagsInput{PolicyArn: aws.String(arn)})
	if err != nil || len(pt.Tags) != 2 || aws.ToString(pt.Tags[0].Key) != "A" {
		t.Errorf("ListPolicyTags = %+v, %v (policy tag keys are case-sensitive, sorted)", pt, err)
	}
	if _, err := e.iam.UntagPolicy(ctx, &awsiam.UntagPolicyInput{PolicyArn: aws.String(arn), TagKeys: []string{"A", "a"}}); err != nil {
		t.Fatalf("UntagPolicy: %v", err)
	}

	local, err := e.iam.ListPolicies(ctx, &awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal})
	if err != nil || len(local.Policies) != 1 || aws.ToString(local.Policies[0].Arn) != arn {
		t.Errorf("ListPolicies(Local) = %+v, %v", local, err)
	}
	attached, err := e.iam.ListPolicies(ctx, &awsiam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws, OnlyAttached: true})
	if err != nil || len(attached.Policies) != 1 || aws.ToString(attached.Policies[0].Arn) != basic {
		t.Errorf("ListPolicies(AWS, OnlyAttached) = %+v, %v", attached, err)
	}

	for _, a := range []string{arn, basic, unknownManaged} {
		if _, err := e.iam.DetachRolePolicy(ctx, &awsiam.DetachRolePolicyInput{RoleName: aws.String("fn"), PolicyArn: aws.String(a)}); err != nil {
			t.Fatalf("DetachRolePolicy(%s): %v", a, err)
		}
	}
	if _, err := e.iam.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(arn)}); err != nil {
		t.Fatalf("DeletePolicy: %v", err)
	}
	// The name is free again.
	e.createPolicy("logs", logsPolicy)
}

// TestErrors: each failing call answers AWS's status, code and message.
func TestErrors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.createRole("exists")
	e.createRole("attached")
	e.createRole("inline")
	policyARN := e.createPolicy("pol", logsPolicy)
	if _, err := e.iam.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("attached"), PolicyArn: aws.String(policyARN)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.iam.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("inline"), PolicyName: aws.String("p"), PolicyDocument: aws.String(logsPolicy)}); err != nil {
		t.Fatal(err)
	}
	full := e.createPolicy("full", logsPolicy)
	for range 4 {
		if _, err := e.iam.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(full), PolicyDocument: aws.String(logsPolicy)}); err != nil {
			t.Fatal(err)
		}
	}
	tooManyTags := make([]types.Tag, 51)
	for i := range tooManyTags {
		tooManyTags[i] = types.Tag{Key: aws.String(fmt.Sprintf("k%d", i)), Value: aws.String("v")}
	}
	missingPolicy := "arn:aws:iam::123456789012:policy/nonexistent-policy"

	cases := []struct {
		name string
		call func() error
		want apiError
	}{
		{"get missing role", func() error {
			_, err := e.iam.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("test-nonexistent-role")})
			return err
		}, apiError{404, "NoSuchEntity", "The role with name test-nonexistent-role cannot be found."}},
		{"create existing role", func() error {
			_, err := e.iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("EXISTS"), AssumeRolePolicyDocument: aws.String(trustLambda)})
			return err
		}, apiError{409, "EntityAlreadyExists", "Role with name EXISTS already exists."}},
		{"delete role with attached policy", func() error {
			_, err := e.iam.DeleteRole(ctx, &awsiam.DeleteRoleInput{RoleName: aws.String("attached")})
			return err
		}, apiError{409, "DeleteConflict", "Cannot delete entity, must detach all policies first."}},
		{"delete role with inline policy", func() error {
			_, err := e.iam.DeleteRole(ctx, &awsiam.DeleteRoleInput{RoleName: aws.String("inline")})
			return err
		}, apiError{409, "DeleteConflict", "Cannot delete entity, must delete policies first."}},
		{"invalid role name", func() error {
			_, err := e.iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("a b"), AssumeRolePolicyDocument: aws.String(trustLambda)})
			return err
		}, apiError{400, "ValidationError", `1 validation error detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`}},
		{"role name too long and bad duration", func() error {
			_, err := e.iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String(strings.Repeat("r", 65)), AssumeRolePolicyDocument: aws.String(trustLambda), MaxSessionDuration: aws.Int32(100)})
			return err
		}, apiError{400, "ValidationError", "2 validation errors detected: Value '" + strings.Repeat("r", 65) + "' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64; Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"}},
		{"trust policy not JSON", func() error {
			_, err := e.iam.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("exists"), PolicyDocument: aws.String("{not json")})
			return err
		}, apiError{400, "MalformedPolicyDocument", "This policy contains invalid Json"}},
		{"trust policy with a non-STS action", func() error {
			_, err := e.iam.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("exists"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"s3:GetObject"}]}`)})
			return err
		}, apiError{400, "MalformedPolicyDocument", "AssumeRole policy may only specify STS AssumeRole actions."}},
		{"trust policy with a Resource", func() error {
			_, err := e.iam.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("exists"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}`)})
			return err
		}, apiError{400, "MalformedPolicyDocument", "Has prohibited field Resource"}},
		{"update trust policy of a missing role", func() error {
			_, err := e.iam.UpdateAssumeRolePolicy(ctx, &awsiam.UpdateAssumeRolePolicyInput{RoleName: aws.String("nope"), PolicyDocument: aws.String(trustLambda)})
			return err
		}, apiError{404, "NoSuchEntity", "The role with name nope cannot be found."}},
		{"inline policy not found", func() error {
			_, err := e.iam.GetRolePolicy(ctx, &awsiam.GetRolePolicyInput{RoleName: aws.String("exists"), PolicyName: aws.String("non-existent-policy")})
			return err
		}, apiError{404, "NoSuchEntity", "The role policy with name non-existent-policy cannot be found."}},
		{"delete inline policy not found", func() error {
			_, err := e.iam.DeleteRolePolicy(ctx, &awsiam.DeleteRolePolicyInput{RoleName: aws.String("exists"), PolicyName: aws.String("non-existent-policy")})
			return err
		}, apiError{404, "NoSuchEntity", "The role policy with name non-existent-policy cannot be found."}},
		{"put inline policy on a missing role", func() error {
			_, err := e.iam.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("nonexistent-role"), PolicyName: aws.String("p"), PolicyDocument: aws.String(logsPolicy)})
			return err
		}, apiError{404, "NoSuchEntity", "The role with name nonexistent-role cannot be found."}},
		{"inline policy without Version", func() error {
			_, err := e.iam.PutRolePolicy(ctx, &awsiam.PutRolePolicyInput{RoleName: aws.String("exists"), PolicyName: aws.String("p"), PolicyDocument: aws.String(`{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::example_bucket"}}`)})
			return err
		}, apiError{400, "MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater."}},
		{"attach a missing policy", func() error {
			_, err := e.iam.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String(missingPolicy)})
			return err
		}, apiError{404, "NoSuchEntity", "Policy " + missingPolicy + " does not exist or is not attachable."}},
		{"attach a malformed ARN", func() error {
			_, err := e.iam.AttachRolePolicy(ctx, &awsiam.AttachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String("longpolicynamebutnoarn")})
			return err
		}, apiError{400, "ValidationError", "ARN longpolicynamebutnoarn is not valid."}},
		{"detach a policy not attached", func() error {
			_, err := e.iam.DetachRolePolicy(ctx, &awsiam.DetachRolePolicyInput{RoleName: aws.String("exists"), PolicyArn: aws.String(policyARN)})
			return err
		}, apiError{404, "NoSuchEntity", "Policy " + policyARN + " was not found."}},
		{"create existing policy", func() error {
			_, err := e.iam.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("pol"), PolicyDocument: aws.String(logsPolicy)})
			return err
		}, apiError{409, "EntityAlreadyExists", "A policy called pol already exists. Duplicate names are not allowed."}},
		{"policy without actions", func() error {
			_, err := e.iam.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("x"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}`)})
			return err
		}, apiError{400, "MalformedPolicyDocument", "Policy statement must contain actions."}},
		{"policy resource not an ARN", func() error {
			_, err := e.iam.CreatePolicy(ctx, &awsiam.CreatePolicyInput{PolicyName: aws.String("x"), PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"invalid resource"}}`)})
			return err
		}, apiError{400, "MalformedPolicyDocument", `Resource invalid resource must be in ARN format or "*".`}},
		{"get a missing policy", func() error {
			_, err := e.iam.GetPolicy(ctx, &awsiam.GetPolicyInput{PolicyArn: aws.String(missingPolicy)})
			return err
		}, apiError{404, "NoSuchEntity", "Policy " + missingPolicy + " was not found."}},
		{"get a missing version", func() error {
			_, err := e.iam.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v9")})
			return err
		}, apiError{404, "NoSuchEntity", "Policy " + policyARN + " version v9 does not exist or is not attachable."}},
		{"malformed version id", func() error {
			_, err := e.iam.GetPolicyVersion(ctx, &awsiam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("1")})
			return err
		}, apiError{400, "ValidationError", `1 validation error detected: Value '1' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`}},
		{"delete the default version", func() error {
			_, err := e.iam.DeletePolicyVersion(ctx, &awsiam.DeletePolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: aws.String("v1")})
			return err
		}, apiError{409, "DeleteConflict", "Cannot delete the default version of a policy."}},
		{"sixth version", func() error {
			_, err := e.iam.CreatePolicyVersion(ctx, &awsiam.CreatePolicyVersionInput{PolicyArn: aws.String(full), PolicyDocument: aws.String(logsPolicy)})
			return err
		}, apiError{409, "LimitExceeded", "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version."}},
		{"delete an attached policy", func() error {
			_, err := e.iam.DeletePolicy(ctx, &awsiam.DeletePolicyInput{PolicyArn: aws.String(policyARN)})
			return err
		}, apiError{409, "DeleteConflict", "Cannot delete a policy attached to entities."}},
		{"tag a missing policy", func() error {
			_, err := e.iam.TagPolicy(ctx, &awsiam.TagPolicyInput{PolicyArn: aws.String("arn:aws:iam::123456789012:policy/NotAPolicy"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
			return err
		}, apiError{404, "NoSuchEntity", "Policy arn:aws:iam::123456789012:policy/NotAPolicy was not found."}},
		{"duplicate role tag keys", func() error {
			_, err := e.iam.TagRole(ctx, &awsiam.TagRoleInput{RoleName: aws.String("exists"), Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("1")}, {Key: aws.String("K"), Value: aws.String("2")}}})
			return err
		}, apiError{400, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."}},
		{"too many tags", func() error {
			_, err := e.iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("tags"), AssumeRolePolicyDocument: aws.String(trustLambda), Tags: tooManyTags})
			return err
		}, apiError{400, "ValidationError", "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50"}},
		{"tag key too long", func() error {
			_, err := e.iam.TagRole(ctx, &awsiam.TagRoleInput{RoleName: aws.String("exists"), Tags: []types.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("v")}}})
			return err
		}, apiError{400, "ValidationError", "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128"}},
		{"invalid permissions boundary", func() error {
			_, err := e.iam.PutRolePermissionsBoundary(ctx, &awsiam.PutRolePermissionsBoundaryInput{RoleName: aws.String("exists"), PermissionsBoundary: aws.String("arn:aws:iam::123456789012:not_a_policy/invalid")})
			return err
		}, apiError{400, "InvalidInput", "ARN arn:aws:iam::123456789012:not_a_policy/invalid is not valid."}},
		{"missing permissions boundary", func() error {
			_, err := e.iam.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("b"), AssumeRolePolicyDocument: aws.String(trustLambda), PermissionsBoundary: aws.String(missingPolicy)})
			return err
		}, apiError{404, "NoSuchEntity", "Scope ARN: " + missingPolicy + " does not exist or is not attachable."}},
		{"assume a missing role", func() error {
			_, err := e.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/ghost"), RoleSessionName: aws.String("s1")})
			return err
		}, apiError{403, "AccessDenied", "User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/ghost"}},
		{"assume longer than the role allows", func() error {
			_, err := e.sts.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/exists"), RoleSessionName: aws.String("s1"), DurationSeconds: aws.Int32(7200)})
			return err
		}, apiError{400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := asAPIError(t, tc.call()); got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestSTS(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if aws.ToString(id.Account) != testAccount || aws.ToString(id.Arn) != "arn:aws:iam::123456789012:root" || aws.ToString(id.UserId) != testAccount {
		t.Errorf("GetCallerIdentity = %+v", id)
	}

	e.createRole("deployer")
	role, err := e.iam.GetRole(ctx, &awsiam.GetRoleInput{RoleName: aws.String("deployer")})
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.sts.AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::123456789012:role/deployer"), RoleSessionName: aws.String("ci-run"), DurationSeconds: aws.Int32(900),
	})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	c := out.Credentials
	if !strings.HasPrefix(aws.ToString(c.AccessKeyId), "ASIA") || len(aws.ToString(c.AccessKeyId)) != 20 ||
		aws.ToString(c.SecretAccessKey) == "" || aws.ToString(c.SessionToken) == "" {
		t.Errorf("Credentials = %+v", c)
	}
	if d := time.Until(aws.ToTime(c.Expiration)); d < 14*time.Minute || d > 16*time.Minute {
		t.Errorf("Expiration in %v, want ~15m", d)
	}
	wantARN := "arn:aws:sts::123456789012:assumed-role/deployer/ci-run"
	if aws.ToString(out.AssumedRoleUser.Arn) != wantARN || aws.ToString(out.AssumedRoleUser.AssumedRoleId) != aws.ToString(role.Role.RoleId)+":ci-run" {
		t.Errorf("AssumedRoleUser = %+v", out.AssumedRoleUser)
	}

	as := e.stsClient(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	id, err = as.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("GetCallerIdentity as the session: %v", err)
	}
	if aws.ToString(id.Arn) != wantARN || aws.ToString(id.UserId) != aws.ToString(role.Role.RoleId)+":ci-run" {
		t.Errorf("GetCallerIdentity as the session = %+v", id)
	}
}

// TestDurable: a new service over the same records sees what the first
// one stored.
func TestDurable(t *testing.T) {
	first := newEnv(t)
	first.createRole("kept")
	arn := first.createPolicy("kept-policy", logsPolicy)
	if _, err := first.iam.AttachRolePolicy(context.Background(), &awsiam.AttachRolePolicyInput{RoleName: aws.String("kept"), PolicyArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	second := newEnvWith(t, first.records)
	att, err := second.iam.ListAttachedRolePolicies(context.Background(), &awsiam.ListAttachedRolePoliciesInput{RoleName: aws.String("kept")})
	if err != nil || len(att.AttachedPolicies) != 1 || aws.ToString(att.AttachedPolicies[0].PolicyArn) != arn {
		t.Fatalf("after restart ListAttachedRolePolicies = %v, %v", att, err)
	}
	p, err := second.iam.GetPolicy(context.Background(), &awsiam.GetPolicyInput{PolicyArn: aws.String(arn)})
	if err != nil || aws.ToInt32(p.Policy.AttachmentCount) != 1 {
		t.Fatalf("after restart GetPolicy = %v, %v", p, err)
	}
}
