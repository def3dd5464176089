//! Golden SVGs for every chart kind and edge case (all figures here are SYNTHETIC test values).
//! Set MINHBACH_CHART_DIR to also write them out for a look in a browser.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use minhbach::charts::{
    self, BarRow, BarsSpec, Bullet, StackRow, StackSpec, TargetStep, TrendPoint, TrendSpec,
};
use minhbach::model::{Date, Lang, Period};

fn point(period: &str, value: Option<f64>) -> TrendPoint {
    let p = Period::parse(period).unwrap();
    TrendPoint {
        start: p.start().day_number(),
        end: p.end().day_number(),
        value,
        x_label: p.label(Lang::Vi),
        value_label: value.map_or("—".into(), |v| minhbach::format::percent(v, Lang::Vi)),
        computed: false,
    }
}

fn target(date: &str, value: f64) -> TargetStep {
    TargetStep {
        day: Date::parse_iso(date).unwrap().day_number(),
        value,
        label: format!("mục tiêu {}", minhbach::format::percent(value, Lang::Vi)),
    }
}

fn trend_spec(points: Vec<TrendPoint>, targets: Vec<TargetStep>, percent: bool) -> TrendSpec {
    TrendSpec {
        points,
        targets,
        no_figure: None,
        percent,
        merger: None,
        tick_label: minhbach::format::axis_tick,
        lang: Lang::Vi,
    }
}

fn save(name: &str, raw: &str) -> String {
    let svg = charts::finish(
        raw,
        name,
        &format!("Biểu đồ thử nghiệm {name}"),
        "Dữ liệu giả lập cho kiểm thử.",
    );
    if let Ok(dir) = std::env::var("MINHBACH_CHART_DIR") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}.svg"), &svg).unwrap();
    }
    assert!(
        svg.contains("role=\"img\"") && svg.contains("<title id=") && svg.contains("<desc id=")
    );
    svg
}

fn bar(label: &str, value: Option<f64>, period: &str) -> BarRow {
    BarRow {
        label: label.into(),
        value,
        value_label: value.map_or("Không áp dụng".into(), |v| {
            minhbach::format::percent(v, Lang::Vi)
        }),
        note: period.into(),
    }
}

macro_rules! golden {
    ($name:ident, $raw:expr) => {
        #[test]
        fn $name() {
            let svg = save(stringify!($name), &$raw.unwrap());
            insta::assert_snapshot!(stringify!($name), svg);
        }
    };
}

golden!(
    trend_roadmap_with_a_gap,
    charts::trend(&trend_spec(
        vec![
            point("2025-01", Some(12.0)),
            point("2025-02", Some(18.5)),
            point("2025-04", Some(31.2)),
            point("2025-05", Some(36.0))
        ],
        vec![
            target("2025-02-28", 20.0),
            target("2025-06-30", 50.0),
            target("2025-12-31", 80.0)
        ],
        true,
    ))
);
/// A roadmap without any observed value (SYNTHETIC): the targets as separate marks and the
/// words "no figure yet", never a line through them.
fn roadmap_without_values() -> TrendSpec {
    TrendSpec {
        no_figure: Some("Chưa có số liệu".into()),
        ..trend_spec(
            vec![point("2025-04", None)],
            vec![
                target("2025-02-28", 20.0),
                target("2025-06-30", 50.0),
                target("2025-12-31", 80.0),
            ],
            true,
        )
    }
}

golden!(
    trend_roadmap_without_values,
    charts::trend(&roadmap_without_values())
);

#[test]
fn a_roadmap_without_values_is_not_drawn_as_a_line() {
    let svg = save(
        "roadmap_check",
        &charts::trend(&roadmap_without_values()).unwrap(),
    );
    assert!(svg.contains(">Chưa có số liệu</text>"), "{svg}");
    let dashed: Vec<&str> = svg
        .split("<polyline")
        .skip(1)
        .filter(|p| p.contains("stroke-dasharray"))
        .filter_map(|p| p.split("points=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(dashed.len(), 3, "one mark per target: {svg}");
    for points in dashed {
        let ys: Vec<&str> = points
            .split(' ')
            .filter_map(|xy| xy.split(',').nth(1))
            .collect();
        assert!(
            ys.windows(2).all(|w| w[0] == w[1]),
            "a target mark rises or falls like a line: {points}"
        );
    }
    // With a value, the roadmap is one stepped line under the series.
    let with_value = save(
        "roadmap_check_with_value",
        &charts::trend(&trend_spec(
            vec![point("2025-04", Some(30.0))],
            roadmap_without_values().targets,
            true,
        ))
        .unwrap(),
    );
    assert!(!with_value.contains("Chưa có số liệu"));
    assert_eq!(with_value.matches("stroke-dasharray").count(), 1);
}

golden!(
    trend_one_point,
    charts::trend(&trend_spec(
        vec![point("2024-H1", Some(98.7))],
        vec![target("2024-12-31", 90.0)],
        true
    ))
);
golden!(
    trend_all_zeros,
    charts::trend(&trend_spec(
        vec![point("2024-03", Some(0.0)), point("2024-04", Some(0.0))],
        vec![],
        false
    ))
);
golden!(
    trend_over_100_percent,
    charts::trend(&trend_spec(
        vec![
            point("2024-02", Some(120.5)),
            point("2024-03", Some(154.36))
        ],
        vec![],
        true
    ))
);

golden!(
    comparison_with_target,
    charts::bars(&BarsSpec {
        rows: vec![
            bar("Đồng Tháp", Some(73.72), "tháng 4/2025"),
            bar("Bắc Giang", Some(95.96), "16/12/2023–15/01/2024"),
            bar("An Giang", Some(0.0), "tháng 3/2024"),
            bar("Bình Định", None, "6 tháng đầu năm 2024"),
        ],
        percent: true,
        target: Some((80.0, "Mục tiêu ≥ 80 %".into())),
        ranked: true,
    })
);
golden!(
    comparison_one_province,
    charts::bars(&BarsSpec {
        rows: vec![bar("Đồng Tháp", Some(45.4), "tháng 4/2025")],
        percent: true,
        target: None,
        ranked: true
    })
);
golden!(
    comparison_many_provinces,
    charts::bars(&BarsSpec {
        rows: (1..=63)
            .map(|i| bar(
                &format!("Tỉnh thử nghiệm {i:02}"),
                Some(f64::from(i * 37 % 101)),
                "tháng 4/2025"
            ))
            .collect(),
        percent: true,
        target: Some((50.0, "Mục tiêu 50 %".into())),
        ranked: true,
    })
);
golden!(
    services_long_labels,
    charts::bars(&BarsSpec {
        rows: vec![
            bar("Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", Some(97.81), "tháng 3/2024"),
            bar("Đăng ký dự thi tốt nghiệp trung học phổ thông quốc gia và đăng ký xét tuyển đại học, cao đẳng", None, "tháng 3/2024"),
            bar("Cấp điện mới từ lưới điện hạ áp (220/380 V)", Some(1.9), "tháng 3/2024"),
            bar("Giải quyết hưởng trợ cấp thất nghiệp", Some(1.37), "tháng 3/2024"),
        ],
        percent: true,
        target: None,
        ranked: true,
    })
);
golden!(
    progress_bullets,
    charts::progress(&[
        Bullet {
            label: "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính".into(),
            value: 98.7,
            value_label: "98,7 %".into(),
            whole: "thang đo 0–100 %".into(),
            target: 90.0,
            target_label: "mục tiêu ≥ 90 % đến 31/12/2024".into(),
            status_label: "Đạt".into(),
            percent: true,
        },
        Bullet {
            label: "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa".into(),
            value: 26.2,
            value_label: "26,2 %".into(),
            whole: "262 trên 1.000 hồ sơ".into(),
            target: 60.0,
            target_label: "mục tiêu ≥ 60 % đến 31/12/2024".into(),
            status_label: "Chưa đến hạn".into(),
            percent: true,
        },
    ])
);
golden!(
    task_status,
    charts::stacked(&StackSpec {
        statuses: vec![
            "Hoàn thành".into(),
            "Đang triển khai".into(),
            "Thường xuyên".into(),
            "Chờ hướng dẫn".into(),
            "Chưa hoàn thành".into()
        ],
        rows: vec![
            StackRow {
                label: "Bình Định".into(),
                counts: vec![24, 12, 0, 2, 2],
                total_label: "40 nhiệm vụ".into()
            },
            StackRow {
                label: "Tỉnh thử nghiệm".into(),
                counts: vec![1, 0, 0, 0, 0],
                total_label: "1 nhiệm vụ".into()
            },
        ],
    })
);

#[test]
fn sparklines_show_gaps_and_single_points() {
    let gap = charts::sparkline(
        &[Some(10.0), Some(20.0), None, Some(30.0), Some(25.0)],
        true,
    )
    .unwrap();
    let single = charts::sparkline(&[Some(5.0)], false).unwrap();
    insta::assert_snapshot!("sparkline_gap", charts::finish_small(&gap, "Xu hướng 5 kỳ"));
    insta::assert_snapshot!("sparkline_single", charts::finish_small(&single, "1 kỳ"));
    // The gap splits the line in two: two paths, never a line through the missing period.
    assert_eq!(
        gap.matches("stroke=\"#0B4A6F\" stroke-width=\"2\"").count(),
        2,
        "{gap}"
    );
}

#[test]
fn labels_from_data_are_escaped() {
    let raw = charts::bars(&BarsSpec {
        rows: vec![bar(
            "<script>alert(1)</script> & \"Tỉnh\"",
            Some(50.0),
            "</svg><svg onload=x>",
        )],
        percent: true,
        target: None,
        ranked: true,
    })
    .unwrap();
    let svg = charts::finish(&raw, "x", "</title><script>", "\" onload=\"x");
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("</svg><svg"), "{svg}");
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Tỉnh&quot;"),
        "{svg}"
    );
    assert_eq!(svg.matches("<svg").count(), 1);
}

#[test]
fn typical_charts_stay_under_ten_kilobytes() {
    let typical = charts::bars(&BarsSpec {
        rows: ["An Giang", "Bắc Giang", "Bình Định", "Đồng Tháp"]
            .iter()
            .map(|p| bar(p, Some(80.0), "tháng 4/2025"))
            .collect(),
        percent: true,
        target: Some((80.0, "Mục tiêu".into())),
        ranked: true,
    })
    .unwrap();
    assert!(typical.len() < 10_000, "{} bytes", typical.len());
}
