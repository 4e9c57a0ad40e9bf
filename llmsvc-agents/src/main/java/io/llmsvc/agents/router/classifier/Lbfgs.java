package io.llmsvc.agents.router.classifier;

/**
 * Limited-memory BFGS for smooth convex objectives (here: L2-regularised softmax regression): the two-loop recursion
 * over the last {@code m} steps gives a quasi-Newton direction; a backtracking line search enforces the Armijo
 * condition; pairs that break positive curvature are skipped. Stops when the largest gradient component falls under
 * {@code gradientTolerance}, when one step improves the objective by less than {@code relativeTolerance} (relative),
 * or after {@code maxIterations}.
 */
final class Lbfgs {

    /** The objective: writes the gradient at {@code x} into {@code gradient} and returns the value. */
    @FunctionalInterface
    interface Objective {
        double evaluate(double[] x, double[] gradient);
    }

    /** What a minimisation ended with. */
    record Result(double value, int iterations, boolean converged) {}

    private final int memory;
    private final int maxIterations;
    private final double gradientTolerance;
    private final double relativeTolerance;

    Lbfgs(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradientTolerance = gradientTolerance;
        this.relativeTolerance = relativeTolerance;
    }

    /** Minimises {@code f} starting from {@code x}, which is updated in place. */
    Result minimize(Objective f, double[] x) {
        int n = x.length;
        double[][] s = new double[memory][n];
        double[][] y = new double[memory][n];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        int head = 0; // next slot to write

        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int it = 0;
        for (; it < maxIterations; it++) {
            if (maxAbs(g) < gradientTolerance) return new Result(fx, it, true);
            // two-loop recursion: d = -H g
            System.arraycopy(g, 0, d, 0, n);
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, memory);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            double gamma = 1.0;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            }
            scale(d, gamma);
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, memory);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            scale(d, -1.0);
            double slope = dot(g, d);
            if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
                for (int i = 0; i < n; i++) d[i] = -g[i];
                slope = dot(g, d);
                stored = 0;
            }
            double step = stored == 0 && it == 0 ? 1.0 / Math.max(1e-12, Math.sqrt(dot(g, g))) : 1.0;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
                fNew = f.evaluate(xNew, gNew);
                if (fNew <= fx + 1e-4 * step * slope || ++tries > 40) break;
                step *= 0.5;
            }
            if (tries > 40) return new Result(fx, it, false); // no decrease found
            double[] sNext = s[head];
            double[] yNext = y[head];
            for (int i = 0; i < n; i++) {
                sNext[i] = xNew[i] - x[i];
                yNext[i] = gNew[i] - g[i];
            }
            double sy = dot(sNext, yNext);
            if (sy > 1e-12) {
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double change = Math.abs(fx - fNew) / Math.max(1.0, Math.abs(fx));
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (change < relativeTolerance) return new Result(fx, it + 1, true);
        }
        return new Result(fx, it, maxAbs(g) < gradientTolerance);
    }

    private static double dot(double[] a, double[] b) {
        double r = 0;
        for (int i = 0; i < a.length; i++) r += a[i] * b[i];
        return r;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] += a * x[i];
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) x[i] *= a;
    }

    private static double maxAbs(double[] x) {
        double m = 0;
        for (double v : x) m = Math.max(m, Math.abs(v));
        return m;
    }
}
