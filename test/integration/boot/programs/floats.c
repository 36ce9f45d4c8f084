/* printf of floats: exercises SSE (x86_64) / FP-SIMD (aarch64) and long double in ring 0. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	volatile double x = 2.0;
	printf("%.17g\n", sqrt(x));
	printf("%f %e %g %a\n", 3.14159265358979, 6.02214076e23, 1e-300, 1.0 / 3);
	printf("%.3f %.0f %10.4f|\n", -0.0005, 2.5, 1234.56789);
	printf("%Lf %Lg\n", (long double)1 / 7, (long double)1e100);
	printf("%g %g %g\n", INFINITY, -INFINITY, NAN);
	printf("%.10f\n", strtod("0.1", 0) + strtod("0.2", 0));
	float f = 1.1f;
	printf("%.9g %g\n", f * 3, exp(1.0));
	return 0;
}
