package vtl

import "reflect"

// ptrID gives an identity for reference values used as map keys.
func ptrID(v any) uintptr {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return rv.Pointer()
	}
	return 0
}
