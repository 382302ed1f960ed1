package io.wsstreams.bench;

import java.util.List;
import java.util.Locale;

/**
 * Writes the plain SVG charts of the benchmark report: grouped bars and lines, with axes,
 * ticks and a legend, and nothing that needs a library or a browser's scripts.
 */
final class SvgChart {

	private static final String[] COLORS = { "#1f77b4", "#aec7e8", "#d62728", "#ff9896", "#2ca02c", "#98df8a",
			"#9467bd", "#8c564b" };

	private static final int WIDTH = 760;

	private static final int HEIGHT = 360;

	private static final int LEFT = 70;

	private static final int RIGHT = 200;

	private static final int TOP = 40;

	private static final int BOTTOM = 60;

	private SvgChart() {
	}

	/**
	 * Grouped bars: one group per label, one bar per series; {@code NaN} leaves a gap.
	 * @param title the title
	 * @param unit the value axis' label
	 * @param groups the groups' labels
	 * @param series the series' names
	 * @param values {@code values[series][group]}
	 * @return the SVG document
	 */
	static String bars(String title, String unit, List<String> groups, List<String> series, double[][] values) {
		double max = niceMax(max(values));
		StringBuilder svg = start(title);
		valueAxis(svg, unit, 0, max, false);
		double plotWidth = WIDTH - LEFT - RIGHT;
		double groupWidth = plotWidth / groups.size();
		double barWidth = groupWidth * 0.8 / series.size();
		for (int g = 0; g < groups.size(); g++) {
			double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
			for (int s = 0; s < series.size(); s++) {
				double value = values[s][g];
				if (Double.isNaN(value)) {
					continue;
				}
				double height = y(0, max, false) - y(value, max, false);
				svg.append(String.format(Locale.ROOT,
						"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %s</title></rect>%n",
						x0 + s * barWidth, y(value, max, false), barWidth * 0.92, height, COLORS[s % COLORS.length],
						escape(series.get(s)), escape(groups.get(g)), format(value)));
			}
			svg.append(String.format(Locale.ROOT,
					"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
					LEFT + (g + 0.5) * groupWidth, HEIGHT - BOTTOM + 16, escape(groups.get(g))));
		}
		legend(svg, series, false);
		return svg.append("</svg>\n").toString();
	}

	/**
	 * Lines over a shared numeric horizontal axis; {@code NaN} points are left out.
	 * @param title the title
	 * @param xUnit the horizontal axis' label
	 * @param yUnit the vertical axis' label
	 * @param series the series' names
	 * @param xs {@code xs[series][point]}
	 * @param ys {@code ys[series][point]}
	 * @param logarithmic whether the vertical axis is logarithmic, from 1 up
	 * @return the SVG document
	 */
	static String lines(String title, String xUnit, String yUnit, List<String> series, double[][] xs, double[][] ys,
			boolean logarithmic) {
		double xMax = niceMax(max(xs));
		double yMax = logarithmic ? Math.pow(10, Math.ceil(Math.log10(Math.max(max(ys), 10)))) : niceMax(max(ys));
		StringBuilder svg = start(title);
		valueAxis(svg, yUnit, 0, yMax, logarithmic);
		for (int i = 0; i <= 5; i++) {
			double value = xMax * i / 5;
			double x = LEFT + (WIDTH - LEFT - RIGHT) * value / xMax;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>%n"
							+ "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
					x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 5, x, HEIGHT - BOTTOM + 18, format(value)));
		}
		svg.append(String.format(Locale.ROOT,
				"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
				LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 18, escape(xUnit)));
		for (int s = 0; s < series.size(); s++) {
			StringBuilder points = new StringBuilder();
			StringBuilder dots = new StringBuilder();
			for (int p = 0; p < xs[s].length; p++) {
				if (Double.isNaN(ys[s][p])) {
					continue;
				}
				double x = LEFT + (WIDTH - LEFT - RIGHT) * xs[s][p] / xMax;
				double y = y(ys[s][p], yMax, logarithmic);
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
				dots.append(String.format(Locale.ROOT,
						"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s: %s, %s</title></circle>%n", x, y,
						COLORS[s % COLORS.length], escape(series.get(s)), format(xs[s][p]), format(ys[s][p])));
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", points.toString().trim(),
					COLORS[s % COLORS.length], dashed(s)));
			svg.append(dots);
		}
		legend(svg, series, true);
		return svg.append("</svg>\n").toString();
	}

	private static StringBuilder start(String title) {
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
						+ "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
				WIDTH, HEIGHT, WIDTH, HEIGHT, LEFT, escape(title)));
		return svg;
	}

	private static void valueAxis(StringBuilder svg, String unit, double min, double max, boolean logarithmic) {
		svg.append(String.format(Locale.ROOT,
				"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n"
						+ "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
				LEFT, TOP, LEFT, HEIGHT - BOTTOM, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
		int ticks = logarithmic ? (int) Math.round(Math.log10(max)) : 5;
		for (int i = 0; i <= ticks; i++) {
			double value = logarithmic ? Math.pow(10, i) : min + (max - min) * i / ticks;
			double y = y(value, max, logarithmic);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n"
							+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>%n",
					LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, format(value)));
		}
		svg.append(String.format(Locale.ROOT,
				"<text transform=\"translate(16,%d) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">%s</text>%n",
				TOP + (HEIGHT - TOP - BOTTOM) / 2, escape(unit)));
	}

	private static void legend(StringBuilder svg, List<String> series, boolean lines) {
		for (int s = 0; s < series.size(); s++) {
			int y = TOP + 10 + s * 20;
			String mark = lines
					? String.format(Locale.ROOT,
							"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>",
							WIDTH - RIGHT + 12, y - 4, WIDTH - RIGHT + 30, y - 4, COLORS[s % COLORS.length], dashed(s))
					: String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>",
							WIDTH - RIGHT + 14, y - 9, COLORS[s % COLORS.length]);
			svg.append(mark)
				.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
						WIDTH - RIGHT + 36, y, escape(series.get(s))));
		}
	}

	private static String dashed(int series) {
		return (series % 2 == 1) ? " stroke-dasharray=\"6,3\"" : "";
	}

	/** The vertical position of a value. */
	private static double y(double value, double max, boolean logarithmic) {
		double plot = HEIGHT - TOP - BOTTOM;
		if (logarithmic) {
			// From 1 up: values under 1 sit on the axis.
			return HEIGHT - BOTTOM - plot * Math.log10(Math.max(value, 1)) / Math.log10(max);
		}
		return HEIGHT - BOTTOM - plot * value / max;
	}

	private static double max(double[][] values) {
		double max = 0;
		for (double[] row : values) {
			for (double value : row) {
				if (!Double.isNaN(value)) {
					max = Math.max(max, value);
				}
			}
		}
		return max;
	}

	/**
	 * The smallest of 1, 2, 2.5 or 5 times a power of ten at or above a value.
	 * @param value the value
	 * @return the axis' end
	 */
	static double niceMax(double value) {
		if (value <= 0) {
			return 1;
		}
		double power = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * power >= value) {
				return step * power;
			}
		}
		return 10 * power;
	}

	static String format(double value) {
		if (value >= 10_000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (value >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		return String.format(Locale.ROOT, (value >= 1) ? "%.1f" : "%.2g", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
