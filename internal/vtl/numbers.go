package vtl

import (
	"errors"
	"math"
	"math/big"
	"strings"
)

// Numbers follow Velocity 1.7's MathUtils. The engine's number types are
// Java's: int32 (Integer), int64 (Long), *big.Int (BigInteger), float64
// (Double) and *bigDecimal (BigDecimal). Integer arithmetic widens instead
// of overflowing: an Integer result that does not fit becomes a Long, a Long
// overflow becomes a BigInteger. A BigInteger meeting a Double is computed as
// a BigDecimal (the Double converted exactly, as new BigDecimal(double)).

// bigDecimal is a java.math.BigDecimal: unscaled * 10^-scale. The engine
// only builds non-negative scales.
type bigDecimal struct {
	unscaled *big.Int
	scale    int
}

// numBase is the type an operation is computed in (MathUtils.findCalculationBase).
type numBase uint8

const (
	baseLong numBase = iota
	baseDouble
	baseBigInteger
	baseBigDecimal
)

// isNumber reports whether v is one of the engine's number types.
func isNumber(v any) bool {
	switch v.(type) {
	case int32, int64, float64, *big.Int, *bigDecimal:
		return true
	}
	return false
}

// isIntegral is MathUtils.isInteger: Integer, Long, BigInteger.
func isIntegral(v any) bool {
	switch v.(type) {
	case int32, int64, *big.Int:
		return true
	}
	return false
}

func calcBase(a, b any) numBase {
	_, abi := a.(*big.Int)
	_, bbi := b.(*big.Int)
	_, abd := a.(*bigDecimal)
	_, bbd := b.(*bigDecimal)
	ai, bi := isIntegral(a), isIntegral(b)
	switch {
	case abd || bbd || ((!ai || !bi) && (abi || bbi)):
		return baseBigDecimal
	case ai && bi && (abi || bbi):
		return baseBigInteger
	case ai && bi:
		return baseLong
	}
	return baseDouble
}

// toFloat is Number.doubleValue().
func toFloat(v any) float64 {
	switch x := v.(type) {
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case float64:
		return x
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case *bigDecimal:
		f, _ := new(big.Rat).SetFrac(x.unscaled, pow10(x.scale)).Float64()
		return f
	}
	return 0
}

// toLong is Number.longValue() (Java's narrowing: low 64 bits of a
// BigInteger, saturation for a Double).
func toLong(v any) int64 {
	switch x := v.(type) {
	case int32:
		return int64(x)
	case int64:
		return x
	case float64:
		return javaD2L(x, math.MinInt64, math.MaxInt64)
	case *big.Int:
		return lowBits(x)
	case *bigDecimal:
		q := new(big.Int).Quo(x.unscaled, pow10(x.scale))
		return lowBits(q)
	}
	return 0
}

// toIntValue is Number.intValue().
func toIntValue(v any) int32 {
	if f, ok := v.(float64); ok {
		return int32(javaD2L(f, math.MinInt32, math.MaxInt32))
	}
	return int32(toLong(v))
}

// lowBits returns the low 64 bits of x in two's complement, as Java's
// BigInteger.longValue does.
func lowBits(x *big.Int) int64 {
	if x.IsInt64() {
		return x.Int64()
	}
	m := new(big.Int).And(x, new(big.Int).SetUint64(math.MaxUint64))
	return int64(m.Uint64())
}

func toBigInt(v any) *big.Int {
	if x, ok := v.(*big.Int); ok {
		return x
	}
	return big.NewInt(toLong(v))
}

var errNotFinite = errors.New("java.lang.NumberFormatException: Infinite or NaN")

// toBigDecimal is MathUtils.toBigDecimal: a BigDecimal as is, a BigInteger
// at scale 0, anything else through doubleValue() exactly.
func toBigDecimal(v any) (*bigDecimal, error) {
	switch x := v.(type) {
	case *bigDecimal:
		return x, nil
	case *big.Int:
		return &bigDecimal{unscaled: x, scale: 0}, nil
	}
	return bigDecimalFromFloat(toFloat(v))
}

// bigDecimalFromFloat is new BigDecimal(double): the exact binary value.
func bigDecimalFromFloat(f float64) (*bigDecimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, errNotFinite
	}
	if f == 0 {
		return &bigDecimal{unscaled: new(big.Int), scale: 0}, nil
	}
	frac, exp := math.Frexp(f) // f = frac * 2^exp, 0.5 <= |frac| < 1
	mant := int64(math.Ldexp(frac, 53))
	exp -= 53
	for mant&1 == 0 {
		mant >>= 1
		exp++
	}
	u := big.NewInt(mant)
	if exp >= 0 {
		return &bigDecimal{unscaled: u.Lsh(u, uint(exp)), scale: 0}, nil
	}
	five := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(-exp)), nil)
	return &bigDecimal{unscaled: u.Mul(u, five), scale: -exp}, nil
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// rescale returns d's unscaled value at a larger scale s.
func (d *bigDecimal) rescale(s int) *big.Int {
	if s == d.scale {
		return d.unscaled
	}
	return new(big.Int).Mul(d.unscaled, pow10(s-d.scale))
}

func (d *bigDecimal) cmp(o *bigDecimal) int {
	s := max(d.scale, o.scale)
	return d.rescale(s).Cmp(o.rescale(s))
}

// String is BigDecimal.toString.
func (d *bigDecimal) String() string {
	digits := new(big.Int).Abs(d.unscaled).String()
	sign := ""
	if d.unscaled.Sign() < 0 {
		sign = "-"
	}
	if d.scale == 0 {
		return sign + digits
	}
	adjusted := -d.scale + len(digits) - 1
	if d.scale > 0 && adjusted >= -6 {
		if len(digits) > d.scale {
			return sign + digits[:len(digits)-d.scale] + "." + digits[len(digits)-d.scale:]
		}
		return sign + "0." + strings.Repeat("0", d.scale-len(digits)) + digits
	}
	var b strings.Builder
	b.WriteString(sign)
	b.WriteString(digits[:1])
	if len(digits) > 1 {
		b.WriteString(".")
		b.WriteString(digits[1:])
	}
	b.WriteString("E")
	if adjusted >= 0 {
		b.WriteString("+")
	}
	b.WriteString(big.NewInt(int64(adjusted)).String())
	return b.String()
}

// isZero is MathUtils.isZero.
func isZero(v any) bool {
	switch x := v.(type) {
	case int32:
		return x == 0
	case int64:
		return x == 0
	case float64:
		return x == 0
	case *big.Int:
		return x.Sign() == 0
	case *bigDecimal:
		return x.unscaled.Sign() == 0
	}
	return false
}

// compareNum is MathUtils.compare.
func compareNum(a, b any) int {
	switch calcBase(a, b) {
	case baseBigInteger:
		return toBigInt(a).Cmp(toBigInt(b))
	case baseLong:
		x, y := toLong(a), toLong(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case baseDouble:
		x, y := toFloat(a), toFloat(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	x, err1 := toBigDecimal(a)
	y, err2 := toBigDecimal(b)
	if err1 != nil || err2 != nil {
		// a NaN or infinite Double against a big number: order by the doubles
		return compareNum(toFloat(a), toFloat(b))
	}
	return x.cmp(y)
}

// wrapPrimitive is MathUtils.wrapPrimitive for the calculation in long of
// two operands: the result has the type of the larger operand, widened
// when it does not fit.
func wrapPrimitive(v int64, a, b any) any {
	_, al := a.(int64)
	_, bl := b.(int64)
	if !al && !bl && v >= math.MinInt32 && v <= math.MaxInt32 {
		return int32(v)
	}
	return v
}

// arith computes a op b for two numbers as MathUtils does. Division and
// modulo by zero are the caller's business (Velocity yields null for them).
func arith(op binOp, a, b any) (any, error) {
	switch calcBase(a, b) {
	case baseLong:
		x, y := toLong(a), toLong(b)
		var res int64
		switch op {
		case opAdd:
			res = x + y
			if (res^x) < 0 && (res^y) < 0 {
				return new(big.Int).Add(big.NewInt(x), big.NewInt(y)), nil
			}
		case opSub:
			res = x - y
			if (res^x) < 0 && (res^(^y)) < 0 {
				return new(big.Int).Sub(big.NewInt(x), big.NewInt(y)), nil
			}
		case opMul:
			res = x * y
			if y != 0 && res/y != x { // Java's check: MinInt64 * -1 stays MinInt64
				return new(big.Int).Mul(big.NewInt(x), big.NewInt(y)), nil
			}
		case opDiv:
			res = x / y // MinInt64 / -1 is MinInt64, as in Java
		default:
			res = x % y
		}
		return wrapPrimitive(res, a, b), nil
	case baseDouble:
		x, y := toFloat(a), toFloat(b)
		switch op {
		case opAdd:
			return x + y, nil
		case opSub:
			return x - y, nil
		case opMul:
			return x * y, nil
		case opDiv:
			return x / y, nil
		default:
			return math.Mod(x, y), nil
		}
	case baseBigInteger:
		x, y := toBigInt(a), toBigInt(b)
		r := new(big.Int)
		switch op {
		case opAdd:
			return r.Add(x, y), nil
		case opSub:
			return r.Sub(x, y), nil
		case opMul:
			return r.Mul(x, y), nil
		case opDiv:
			return r.Quo(x, y), nil
		default:
			if y.Sign() <= 0 {
				return nil, errors.New("java.lang.ArithmeticException: BigInteger: modulus not positive")
			}
			return r.Mod(x, y), nil
		}
	}
	x, err := toBigDecimal(a)
	if err != nil {
		return nil, err
	}
	y, err := toBigDecimal(b)
	if err != nil {
		return nil, err
	}
	switch op {
	case opAdd, opSub:
		s := max(x.scale, y.scale)
		r := new(big.Int)
		if op == opAdd {
			r.Add(x.rescale(s), y.rescale(s))
		} else {
			r.Sub(x.rescale(s), y.rescale(s))
		}
		return &bigDecimal{unscaled: r, scale: s}, nil
	case opMul:
		return &bigDecimal{unscaled: new(big.Int).Mul(x.unscaled, y.unscaled), scale: x.scale + y.scale}, nil
	case opDiv:
		return x.divHalfDown(y), nil
	}
	return nil, errors.New("java.lang.ArithmeticException: Cannot calculate the modulo of BigDecimals.")
}

// divHalfDown is x.divide(y, ROUND_HALF_DOWN): the quotient at x's scale,
// a tie rounded toward zero. y is not zero.
func (x *bigDecimal) divHalfDown(y *bigDecimal) *bigDecimal {
	// x/y * 10^xs = xu * 10^ys / yu
	num := new(big.Int).Mul(x.unscaled, pow10(y.scale))
	den := y.unscaled
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Sign() != 0 {
		twice := new(big.Int).Abs(r)
		twice.Lsh(twice, 1)
		if twice.Cmp(new(big.Int).Abs(den)) > 0 {
			if (num.Sign() < 0) != (den.Sign() < 0) {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	return &bigDecimal{unscaled: q, scale: x.scale}
}
