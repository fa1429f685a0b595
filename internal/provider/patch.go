package provider

import (
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	awstypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/portico/portico/internal/apigw"
)

// mapPatch returns the patch operations that move a map member of an API
// Gateway object (e.g. "/requestTemplates") from old to new: a real remove
// for each key that left, add for new keys, replace for changed values.
func mapPatch(prefix string, oldM, newM map[string]string) []awstypes.PatchOperation {
	var ops []awstypes.PatchOperation
	keys := func(m map[string]string) []string {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	for _, k := range keys(oldM) {
		if _, ok := newM[k]; !ok {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String(prefix + "/" + apigw.EscapePatchKey(k))})
		}
	}
	for _, k := range keys(newM) {
		v := newM[k]
		ov, existed := oldM[k]
		switch {
		case !existed:
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd, Path: aws.String(prefix + "/" + apigw.EscapePatchKey(k)), Value: aws.String(v)})
		case ov != v:
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpReplace, Path: aws.String(prefix + "/" + apigw.EscapePatchKey(k)), Value: aws.String(v)})
		}
	}

	return ops
}

// setPatch returns add/remove operations for a string set member, AWS's form
// "/path/{member}" (e.g. "/cacheKeyParameters/method.request.path.id").
func setPatch(prefix string, oldS, newS []string) []awstypes.PatchOperation {
	var ops []awstypes.PatchOperation
	in := func(s []string, v string) bool {
		for _, e := range s {
			if e == v {
				return true
			}
		}
		return false
	}
	for _, v := range oldS {
		if !in(newS, v) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpRemove, Path: aws.String(prefix + "/" + apigw.EscapePatchKey(v))})
		}
	}
	for _, v := range newS {
		if !in(oldS, v) {
			ops = append(ops, awstypes.PatchOperation{Op: awstypes.OpAdd, Path: aws.String(prefix + "/" + apigw.EscapePatchKey(v))})
		}
	}

	return ops
}

func replaceOp(p, v string) awstypes.PatchOperation {
	return awstypes.PatchOperation{Op: awstypes.OpReplace, Path: aws.String(p), Value: aws.String(v)}
}
