//! Deterministic pseudo-random numbers and filler prose. Nothing here is real: the words are
//! drawn from a fixed list so that page sizes are realistic, and every text says it is synthetic.

/// splitmix64: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
}

const WORDS: &[&str] = &[
    "dữ liệu",
    "dân cư",
    "định danh",
    "xác thực",
    "điện tử",
    "tổng hợp",
    "báo cáo",
    "tỉnh",
    "triển khai",
    "dịch vụ",
    "công",
    "trực tuyến",
    "hồ sơ",
    "tiếp nhận",
    "giải quyết",
    "kết quả",
    "tỷ lệ",
    "tăng",
    "giảm",
    "so với",
    "kỳ trước",
    "người dân",
    "doanh nghiệp",
    "cơ quan",
    "chuyên môn",
    "phối hợp",
    "kết nối",
    "chia sẻ",
    "làm sạch",
    "cập nhật",
    "thí điểm",
    "mô hình",
    "nhiệm vụ",
    "hoàn thành",
    "đúng hạn",
    "tiếp tục",
    "đẩy mạnh",
    "tuyên truyền",
    "hướng dẫn",
    "tài khoản",
    "ứng dụng",
    "thanh toán",
    "không dùng",
    "tiền mặt",
    "y tế",
    "giáo dục",
    "an sinh",
    "xã hội",
    "bảo hiểm",
    "căn cước",
    "thẻ",
    "cấp",
    "xã",
    "huyện",
    "trong",
    "tháng",
    "năm",
    "các",
    "đã",
    "được",
    "và",
    "với",
    "cho",
    "của",
    "theo",
    "để",
    "trên",
    "địa bàn",
];

/// `n` words of filler in sentences of 9 to 18 words.
pub fn prose(rng: &mut Rng, n: usize) -> String {
    let mut out = String::with_capacity(n * 7);
    let mut left_in_sentence = 0;
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if left_in_sentence == 0 {
            if i > 0 {
                out.push_str(". ");
            }
            let mut chars = w.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            left_in_sentence = rng.between(9, 18);
        } else {
            out.push(' ');
            out.push_str(w);
        }
        left_in_sentence -= 1;
    }
    out.push('.');
    out
}

/// A Markdown body of about `words` words in sections of three paragraphs, with a table of
/// `rows` rows after the first section. `extra` is put at the start of the first paragraph.
pub fn markdown_body(rng: &mut Rng, words: usize, rows: usize, extra: &str) -> String {
    let sections = words.div_ceil(240).max(1);
    let per_paragraph = (words / (sections * 3)).max(1);
    let mut out = String::with_capacity(words * 8 + rows * 60);
    out.push_str("*Dữ liệu tổng hợp dùng để đo hiệu năng, không phải số liệu thật.*\n\n");
    for s in 0..sections {
        out.push_str(&format!("## Phần {} (tổng hợp)\n\n", s + 1));
        for p in 0..3 {
            if s == 0 && p == 0 && !extra.is_empty() {
                out.push_str(extra);
                out.push(' ');
            }
            out.push_str(&prose(rng, per_paragraph));
            out.push_str("\n\n");
        }
        if s == 0 && rows > 0 {
            out.push_str("| Mục | Điểm | Tỷ lệ |\n|---|---:|---:|\n");
            for r in 0..rows {
                let n = rng.between(100, 99_999);
                // Three decimals, the last never 0, and scores with one decimal: the synthetic
                // data has neither, so the table never types one of the report's figures
                // (which `check` would rightly ask to cite live).
                let pct = rng.below(10_000) * 10 + 1 + rng.below(9);
                let n = format!("{},{}", n / 10, n % 10);
                out.push_str(&format!(
                    "| Mục tổng hợp {} | {n} | {},{:03} % |\n",
                    r + 1,
                    pct / 1000,
                    pct % 1000
                ));
            }
            out.push('\n');
        }
    }
    out
}
