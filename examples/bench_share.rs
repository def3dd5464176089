//! Share image benchmark: the cost of one share SVG and of one PNG rendered from it with
//! resvg, for a small trend chart and for bar charts of 8 and 34 provinces.
//! Run with `cargo run --release --example bench_share`. All figures drawn here are SYNTHETIC.

use minhbach::charts::share::{share_svg, ShareText};
use minhbach::charts::{self, raster, BarRow, BarsSpec, TrendPoint, TrendSpec};
use minhbach::model::Lang;
use std::time::Instant;

fn bars(n: usize) -> String {
    let spec = BarsSpec {
        rows: (0..n)
            .map(|i| BarRow {
                label: format!("Tỉnh giả lập {i:02}"),
                value: Some((i * 37 % 101) as f64),
                value_label: format!("{} %", i * 37 % 101),
                note: "tháng 4/2025".into(),
            })
            .collect(),
        percent: true,
        target: Some((80.0, "Mục tiêu ≥ 80 %".into())),
        ranked: true,
    };
    let raw = charts::bars(&spec).unwrap_or_default();
    charts::finish(&raw, "ch", "Giả lập", "Giả lập")
}

fn trend(n: i64) -> String {
    let spec = TrendSpec {
        points: (0..n)
            .map(|i| TrendPoint {
                start: 739_000 + i * 30,
                end: 739_029 + i * 30,
                value: Some((i * 7 % 100) as f64),
                x_label: format!("tháng {}/2025", i % 12 + 1),
                value_label: format!("{} %", i * 7 % 100),
                computed: false,
            })
            .collect(),
        targets: vec![],
        no_figure: None,
        percent: true,
        merger: None,
        tick_label: minhbach::format::axis_tick,
        lang: Lang::Vi,
    };
    let raw = charts::trend(&spec).unwrap_or_default();
    charts::finish(&raw, "ch", "Giả lập", "Giả lập")
}

fn main() {
    let text = ShareText {
        site: "Bảng theo dõi Đề án 06 (giả lập)",
        title: "Tỷ lệ hồ sơ trực tuyến toàn trình theo tỉnh (giả lập)",
        period: "Kỳ số liệu: 04/2025",
        source: "Nguồn: báo cáo của các tỉnh, xem https://example.org/dash/indicators/x/",
        address: "https://example.org/dash/indicators/x/",
    };
    for (name, chart) in [
        ("trend, 12 periods", trend(12)),
        ("bars, 8 rows", bars(8)),
        ("bars, 34 rows", bars(34)),
    ] {
        let n = 20;
        let start = Instant::now();
        let mut svg = String::new();
        for _ in 0..n {
            svg = share_svg(&chart, &text, "share-t");
        }
        let svg_ms = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let _ = raster::png(&svg); // warm-up: the font database
        let start = Instant::now();
        let mut out = (Vec::new(), 0);
        for _ in 0..n {
            out = raster::png(&svg).unwrap_or_default();
        }
        let png_ms = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let start = Instant::now();
        for _ in 0..n {
            let _ = raster::parse(&svg);
        }
        let parse_ms = start.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!("  parse {parse_ms:.2} ms");
        println!(
            "{name:<20} share SVG {svg_ms:>6.3} ms ({:>6} bytes)   PNG {png_ms:>7.2} ms ({:>7} bytes, 1200 × {} px)",
            svg.len(),
            out.0.len(),
            out.1
        );
    }
}
