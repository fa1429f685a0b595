package vtl

import (
	"context"
	"strings"
	"testing"
)

// benchTemplate is a typical ~30-line request template: JSON rebuilt from the
// body, a loop, conditionals, $util and $context.
const benchTemplate = `#set($root = $input.path('$'))
#set($count = 0)
{
  "requestId": "$context.requestId",
  "sourceIp": "$context.identity.sourceIp",
  "stage": "$stageVariables.env",
  "petId": "$input.params('petId')",
  "query": "$util.urlEncode($input.params('q'))",
  "owner": {
    "name": "$util.escapeJavaScript($root.owner.name)",
    "age": $root.owner.age,
    "vip": #if($root.owner.vip)true#else false#end
  },
  "pets": [
#foreach($pet in $root.pets)
    #set($count = $count + 1)
    {
      "id": $pet.id,
      "name": "$util.escapeJavaScript($pet.name)",
      "kind": "$pet.type.toUpperCase()",
      "price": $pet.price,
      #if($pet.price > 100)"expensive": true,#end
      "tags": [#foreach($t in $pet.tags)"$t"#if($foreach.hasNext), #end#end]
    }#if($foreach.hasNext),#end
#end
  ],
  "count": $count,
  "raw": $input.json('$.owner')
}
`

func benchBody() []byte {
	var b strings.Builder
	b.WriteString(`{"owner": {"name": "Ann O'Neil", "age": 34, "vip": true}, "pets": [`)
	for i := 0; i < 20; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`{"id": 1` + strings.Repeat("0", i%3) + `, "type": "dog", "name": "Rex the \"good\" boy", "price": 149.99, "tags": ["a", "b", "c"]}`)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func BenchmarkRenderMapping(b *testing.B) {
	tpl, err := Parse(benchTemplate)
	if err != nil {
		b.Fatal(err)
	}
	in := diffInput(benchBody())
	if n := len(in.Body); n < 1900 || n > 2300 {
		b.Fatalf("body is %d bytes, want ~2 KB", n)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := RenderMapping(ctx, tpl, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(benchTemplate); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchTemplateRenders(t *testing.T) {
	tpl, err := Parse(benchTemplate)
	if err != nil {
		t.Fatal(err)
	}
	out, err := RenderMapping(context.Background(), tpl, diffInput(benchBody()))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.Body, `"count": 20`) || !strings.Contains(out.Body, `"name": "Ann O\'Neil"`) {
		t.Fatalf("unexpected output:\n%s", out.Body)
	}
}

// BenchmarkRenderMappingSmall renders the one-line response template of the
// invoke benchmark (MOCK): most of a small template's cost is building the
// variables it reads.
func BenchmarkRenderMappingSmall(b *testing.B) {
	tpl, err := Parse(`{"id": $input.params('petId'), "type": "dog", "price": 249.99}`)
	if err != nil {
		b.Fatal(err)
	}
	in := diffInput(nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderMapping(ctx, tpl, in); err != nil {
			b.Fatal(err)
		}
	}
}
