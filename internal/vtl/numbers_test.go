package vtl

import (
	"math"
	"math/big"
	"testing"
)

// TestArithmeticWidening pins Velocity 1.7's MathUtils (the differential
// corpus testdata/differential/numbers.vtl checks the same against 1.7).
func TestArithmeticWidening(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"integer overflow becomes long", "#set($x = 2147483647 + 1)$x $x.class.simpleName", "2147483648 Long"},
		{"integer underflow becomes long", "#set($x = -2147483648 - 1)$x $x.class.simpleName", "-2147483649 Long"},
		{"integer product becomes long", "#set($x = 65536 * 65536)$x $x.class.simpleName", "4294967296 Long"},
		{"long overflow becomes biginteger", "#set($x = 9223372036854775807 + 1)$x $x.class.simpleName", "9223372036854775808 BigInteger"},
		{"long product overflow", "#set($x = 9223372036854775807 * 2)$x $x.class.simpleName", "18446744073709551614 BigInteger"},
		{"long stays long when it fits", "#set($x = 3000000000 - 2000000000)$x $x.class.simpleName", "1000000000 Long"},
		{"min int / -1 is a long", "#set($x = -2147483648 / -1)$x $x.class.simpleName", "2147483648 Long"},
		{"min long / -1 wraps as in Java", "#set($z = -9223372036854775807 - 1)#set($w = $z / -1)$w $w.class.simpleName", "-9223372036854775808 Long"},
		{"integer division truncates", "#set($x = -7 / 2)$x|#set($x = -7 % 3)$x|#set($x = 7 % -3)$x", "-3|-1|1"},
		{"biginteger literal", "#set($x = 99999999999999999999999)$x $x.class.simpleName", "99999999999999999999999 BigInteger"},
		{"biginteger stays biginteger", "#set($b = 9223372036854775807 * 9223372036854775807)#set($y = $b - $b)$y $y.class.simpleName", "0 BigInteger"},
		{"biginteger and double make a bigdecimal", "#set($b = 9223372036854775807 + 1)#set($y = $b * 1.5)$y $y.class.simpleName", "13835058055282163712.0 BigDecimal"},
		{"bigdecimal division rounds half down at the dividend's scale", "#set($b = 9223372036854775807 + 1)#set($y = $b + 0.5)#set($q = $y / 3)$q", "3074457345618258602.8"},
		{"biginteger modulo", "#set($b = 9223372036854775807 * 9223372036854775807)#set($y = $b % 10)$y", "9"},
		{"float literal forms", "#set($x = 1e3)$x|#set($x = .5)$x|#set($x = 1.)$x|#set($x = -.5)$x|#set($x = 1.0E400)$x", "1000.0|0.5|1.0|-0.5|Infinity"},
		{"range from an integer literal", "#foreach($i in [1..3])$i#end", "123"},
		{"range bounds are numbers only", "#set($s = '3')#foreach($i in [1..$s])$i#end|", "|"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, tt.src, nil); got != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestBigDecimal(t *testing.T) {
	tests := []struct {
		name string
		f    float64
		want string
	}{
		{"exact binary value of 0.1", 0.1, "0.1000000000000000055511151231257827021181583404541015625"},
		{"1.5", 1.5, "1.5"},
		{"integral double has scale 0", 2.0, "2"},
		{"large", 1e20, "100000000000000000000"},
		{"negative", -0.25, "-0.25"},
		{"tiny uses scientific notation", 1.0 / (1 << 30), "9.31322574615478515625E-10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := bigDecimalFromFloat(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.String(); got != tt.want {
				t.Errorf("new BigDecimal(%v) = %s, want %s", tt.f, got, tt.want)
			}
		})
	}
	if _, err := bigDecimalFromFloat(math.Inf(1)); err == nil {
		t.Error("new BigDecimal(Infinity) succeeded, want NumberFormatException")
	}
	// BigInteger.hashCode over two 32-bit words
	if got := bigIntHash(new(big.Int).Lsh(big.NewInt(1), 63)); got != -2147483648 {
		t.Errorf("BigInteger(2^63).hashCode() = %d, want -2147483648", got)
	}
}
