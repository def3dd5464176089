//! Chart rendering benchmark: how many charts per second, and how big they are.
//! Run with `cargo run --release --example bench_charts`. All figures drawn here are SYNTHETIC.

use minhbach::charts::{
    self, BarRow, BarsSpec, Bullet, StackRow, StackSpec, TargetStep, TrendPoint, TrendSpec,
};
use minhbach::model::Lang;
use std::time::Instant;

fn bars(n: usize) -> BarsSpec {
    BarsSpec {
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
    }
}

fn trend(n: usize) -> TrendSpec {
    TrendSpec {
        points: (0..n as i64)
            .map(|i| TrendPoint {
                start: 739_000 + i * 30,
                end: 739_029 + i * 30,
                value: Some((i * 7 % 100) as f64),
                x_label: format!("tháng {}/2025", i % 12 + 1),
                value_label: format!("{} %", i * 7 % 100),
                computed: false,
            })
            .collect(),
        targets: vec![TargetStep {
            day: 739_000 + n as i64 * 30,
            value: 80.0,
            label: "≥ 80 %".into(),
        }],
        no_figure: None,
        percent: true,
        merger: None,
        tick_label: minhbach::format::axis_tick,
        lang: Lang::Vi,
    }
}

fn measure(name: &str, n: usize, mut draw: impl FnMut() -> String) {
    let _ = draw(); // warm-up: font registration, allocations
    let start = Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        bytes = draw().len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<32} {:>8.0} charts/s   {:>6} bytes each",
        n as f64 / secs,
        bytes
    );
}

fn main() {
    println!("synthetic charts, release build, one thread");
    let b4 = bars(4);
    let b34 = bars(34);
    let b63 = bars(63);
    let t12 = trend(12);
    let t60 = trend(60);
    let bullets: Vec<Bullet> = (0..6)
        .map(|i| Bullet {
            label: format!("Chỉ tiêu giả lập số {i}"),
            value: 40.0 + i as f64 * 10.0,
            value_label: format!("{} %", 40 + i * 10),
            whole: "thang đo 0–100 %".into(),
            target: 80.0,
            target_label: "Mục tiêu ≥ 80 % đến 31/12/2025".into(),
            status_label: "Chưa đạt".into(),
            percent: true,
        })
        .collect();
    let stack = StackSpec {
        statuses: [
            "Hoàn thành",
            "Đang triển khai",
            "Thường xuyên",
            "Chờ hướng dẫn",
            "Chưa hoàn thành",
        ]
        .map(String::from)
        .to_vec(),
        rows: (0..34)
            .map(|i| StackRow {
                label: format!("Tỉnh {i:02}"),
                counts: vec![20, 10, 3, 2, 5],
                total_label: "40 nhiệm vụ".into(),
            })
            .collect(),
    };
    let wrap = |raw: String| charts::finish(&raw, "b", "Biểu đồ", "Mô tả");
    measure("comparison, 4 provinces", 2000, || {
        wrap(charts::bars(&b4).unwrap_or_default())
    });
    measure("comparison, 34 provinces", 500, || {
        wrap(charts::bars(&b34).unwrap_or_default())
    });
    measure("comparison, 63 provinces", 300, || {
        wrap(charts::bars(&b63).unwrap_or_default())
    });
    measure("trend, 12 periods", 2000, || {
        wrap(charts::trend(&t12).unwrap_or_default())
    });
    measure("trend, 60 periods", 500, || {
        wrap(charts::trend(&t60).unwrap_or_default())
    });
    measure("progress, 6 bullets", 2000, || {
        wrap(charts::progress(&bullets).unwrap_or_default())
    });
    measure("task status, 34 provinces", 500, || {
        wrap(charts::stacked(&stack).unwrap_or_default())
    });
    measure("sparkline, 60 periods", 5000, || {
        let v: Vec<Option<f64>> = (0..60).map(|i| Some(f64::from(i))).collect();
        charts::finish_small(&charts::sparkline(&v, true).unwrap_or_default(), "xu hướng")
    });
}
