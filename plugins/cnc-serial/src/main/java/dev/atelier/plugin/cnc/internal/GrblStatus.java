package dev.atelier.plugin.cnc.internal;

/**
 * A parsed real-time status report, e.g. {@code <Idle|MPos:0.000,0.000,0.000|FS:0,0>} or with
 * {@code WPos}, {@code Bf:15,128} (planner blocks and RX bytes free) and other fields, which are kept raw.
 */
record GrblStatus(String state, double[] machinePosition, double feed, int plannerFree, int rxFree, String raw) {
    static GrblStatus parse(String line) {
        if (!line.startsWith("<") || !line.endsWith(">")) throw new IllegalArgumentException("not a status report: " + line);
        String[] parts = line.substring(1, line.length() - 1).split("\\|");
        double[] pos = null;
        double feed = Double.NaN;
        int planner = -1, rx = -1;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("MPos:") || p.startsWith("WPos:")) pos = numbers(p.substring(5));
            else if (p.startsWith("FS:") || p.startsWith("F:")) feed = numbers(p.substring(p.indexOf(':') + 1))[0];
            else if (p.startsWith("Bf:")) {
                double[] b = numbers(p.substring(3));
                planner = (int) b[0];
                rx = (int) b[1];
            }
        }
        return new GrblStatus(parts[0], pos, feed, planner, rx, line);
    }

    private static double[] numbers(String csv) {
        String[] s = csv.split(",");
        double[] v = new double[s.length];
        for (int i = 0; i < s.length; i++) v[i] = Double.parseDouble(s[i]);
        return v;
    }

    /** The main state without a sub-state: Idle, Run, Hold, Jog, Alarm, Door, Check, Home, Sleep. */
    String mainState() {
        int colon = state.indexOf(':');
        return colon < 0 ? state : state.substring(0, colon);
    }
}
