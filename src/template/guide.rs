//! The instructions sheet `Hướng dẫn`, in Vietnamese: what the workbook is for, how to write a
//! figure in each of the forms a report prints, every column with its meaning (the
//! descriptions of [`super::columns`]), the allowed values (the lists of [`super::lists`]),
//! and where to save the file and what to run then.

use super::columns::{TemplateColumn, FIGURE_COLUMNS, TASK_COLUMNS};
use super::lists::{List, Lists, LISTS_SHEET};
use super::rows::file_name;
use super::workbook::{Request, FIGURES_SHEET, TASKS_SHEET};
use crate::model::Lang;

/// How a row of the sheet looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideStyle {
    Title,
    Heading,
    /// A label in bold (first column), then text.
    Text,
}

/// One row of the instructions: a label, a short mark, the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideRow {
    pub a: String,
    pub b: String,
    pub c: String,
    pub style: GuideStyle,
}

fn title(text: String) -> GuideRow {
    GuideRow {
        a: text,
        b: String::new(),
        c: String::new(),
        style: GuideStyle::Title,
    }
}

fn heading(text: &str) -> GuideRow {
    GuideRow {
        a: text.to_string(),
        b: String::new(),
        c: String::new(),
        style: GuideStyle::Heading,
    }
}

fn text(a: &str, c: String) -> GuideRow {
    GuideRow {
        a: a.to_string(),
        b: String::new(),
        c,
        style: GuideStyle::Text,
    }
}

const BLANK: GuideRow = GuideRow {
    a: String::new(),
    b: String::new(),
    c: String::new(),
    style: GuideStyle::Text,
};

/// The rows of the instructions sheet.
pub fn guide(request: &Request, lists: &Lists) -> Vec<GuideRow> {
    let province = &request.province.name.vi;
    let period = request.period.map(|p| p.label(Lang::Vi));
    let file = format!("data/{}", file_name(&request.province.slug, request.period));
    let indicators = lists.indicators.values.len();
    let mut rows = vec![
        title(match &period {
            Some(p) => format!("Hướng dẫn điền mẫu số liệu: {province}, {p}"),
            None => format!("Hướng dẫn điền mẫu số liệu: {province}"),
        }),
        BLANK,
        heading("Tệp này"),
        text("Dùng để", format!(
            "Ghi số liệu và tình hình thực hiện nhiệm vụ trong báo cáo Đề án 06 của {province}{} để đưa lên trang, không cần viết YAML.",
            period.as_ref().map(|p| format!(" ({p})")).unwrap_or_default()
        )),
        text(&format!("Sheet «{FIGURES_SHEET}»"), format!(
            "Mỗi hàng là một chỉ tiêu trong danh mục của trang ({indicators} chỉ tiêu). Với chỉ tiêu được phân tổ (theo từng dịch vụ công, từng cấp hành chính…), mỗi nhóm có thêm một hàng ngay dưới hàng tổng. Chỉ điền những chỉ tiêu mà báo cáo có số liệu: hàng để trống được bỏ qua."
        )),
        text("Ô màu xám", format!(
            "Đã điền sẵn từ danh mục chỉ tiêu và hồ sơ của tỉnh, không cần sửa. Ô trắng, dưới tiêu đề màu vàng, là ô cần điền. Di chuột lên tiêu đề một cột để xem ý nghĩa của cột.{}",
            match request.period {
                Some(_) => "",
                None => " Cột period chưa có kỳ báo cáo: hãy ghi kỳ vào mọi hàng có số liệu (ví dụ 2025-04), hoặc tạo lại mẫu với --period.",
            }
        )),
        text(&format!("Sheet «{TASKS_SHEET}»"), tasks_text(request)),
        text(&format!("Sheet «{LISTS_SHEET}»"), "Sheet ẩn, chứa các danh sách thả xuống; không cần sửa.".to_string()),
        BLANK,
        heading("Cách ghi một số liệu"),
        text("Một con số", "Điền value, ví dụ 1078935.".to_string()),
        text("Dạng X/Y", "Điền numerator (X) và denominator (Y), để trống value; nếu báo cáo in cả tỷ lệ thì điền thêm stated_rate.".to_string()),
        text("Chỉ có tỷ lệ", "Điền stated_rate, ví dụ 97,53 cho «đạt 97,53%».".to_string()),
        text("Số lượng kèm tỷ lệ", "Khi báo cáo in số lượng và tỷ lệ nhưng không in mẫu số: điền value (số lượng) và stated_rate.".to_string()),
        text("Không có số", format!("Chọn ở cột state: {}", about("state", FIGURE_COLUMNS))),
        text("Cách gõ số", "Gõ số như một con số (ô số được căn phải): 1078935, không gõ «1.078.935»; không gõ dấu %. Phần thập phân gõ theo cách Excel trên máy ghi số thập phân (97,53 hoặc 97.53). Ô số không nhận chữ.".to_string()),
        text("Nguồn", "Cột source ghi tệp báo cáo, mục, và dòng của bản chép lại, ví dụ «002_c644fca4e10ebbf9.txt §II.3.2 (L74)»; source_file là tệp báo cáo. Nếu báo cáo chưa có trong hồ sơ của tỉnh (mục reports), hãy ghi thêm source_number, source_issued, source_issuer_vi và source_url ở các hàng dẫn báo cáo đó.".to_string()),
        BLANK,
    ];
    rows.extend(column_rows(FIGURES_SHEET, FIGURE_COLUMNS, request));
    rows.push(BLANK);
    rows.extend(column_rows(TASKS_SHEET, TASK_COLUMNS, request));
    rows.push(BLANK);
    rows.push(heading("Giá trị cho phép"));
    rows.push(text("state", joined(&lists.states)));
    rows.push(text("qualifier", joined(&lists.qualifiers)));
    rows.push(text("status", statuses(&lists.statuses)));
    for (dimension, list) in &lists.members {
        rows.push(text(&format!("member ({dimension})"), joined(list)));
    }
    rows.push(text(
        "indicator",
        format!("{indicators} mã của danh mục chỉ tiêu (data/indicators.yaml), có trong danh sách thả xuống của cột indicator"),
    ));
    rows.push(BLANK);
    rows.push(heading("Sau khi điền"));
    rows.push(text(
        "Lưu tệp",
        format!("Lưu dưới dạng .xlsx vào thư mục data/ của trang, với tên {file}."),
    ));
    rows.push(text("Kiểm tra", format!(
        "Chạy «minhbach check»: mỗi lỗi chỉ rõ sheet và ô, ví dụ «{file} [{FIGURES_SHEET}] K14», kèm gợi ý cách sửa. Sửa trong tệp rồi chạy lại."
    )));
    rows.push(text(
        "Tạo trang",
        "Chạy «minhbach build» (hoặc «minhbach serve» để xem trước).".to_string(),
    ));
    rows.push(text("Giữ nguyên", "Tên các cột ở hàng đầu: trang tìm số liệu theo tên cột, ở mọi sheet có cột province và indicator (nhiệm vụ: province và task). Có thể thêm cột khác của bảng số liệu tải về (xem docs/data-format.md).".to_string()));
    rows
}

fn tasks_text(request: &Request) -> String {
    let known = request
        .site
        .tasks
        .iter()
        .filter(|t| t.province == request.province.slug)
        .count();
    match known {
        0 => "Mỗi hàng là một nhiệm vụ trong kế hoạch của tỉnh: ghi mã, nội dung, đơn vị chủ trì, thời hạn, tình trạng (status) và kết quả.".to_string(),
        n => format!("Đã liệt kê sẵn {n} nhiệm vụ đã có của tỉnh: hãy ghi tình trạng (status) và kết quả của từng nhiệm vụ trong kỳ. Nhiệm vụ mới: thêm một hàng với mã riêng."),
    }
}

/// The description of the column `name`.
fn about(name: &str, columns: &[TemplateColumn]) -> String {
    columns
        .iter()
        .find(|c| c.name == name)
        .map_or(String::new(), |c| c.about_vi().to_string())
}

/// A heading, then each column: its name, whether the template fills it, what it means.
fn column_rows(sheet: &str, columns: &[TemplateColumn], request: &Request) -> Vec<GuideRow> {
    let mut rows = vec![GuideRow {
        a: format!("Các cột của sheet «{sheet}»"),
        b: String::new(),
        c: String::new(),
        style: GuideStyle::Heading,
    }];
    rows.extend(columns.iter().map(|c| {
        GuideRow {
            a: c.name.to_string(),
            b: if c.is_prefilled(request.period) {
                "điền sẵn"
            } else {
                ""
            }
            .to_string(),
            c: c.about_vi().to_string(),
            style: GuideStyle::Text,
        }
    }));
    rows
}

fn joined(list: &List) -> String {
    list.values.join(", ")
}

/// The task statuses, each with the label the pages show (the built-in theme's strings).
fn statuses(list: &List) -> String {
    let mut diags = crate::diagnostics::Diagnostics::default();
    let labels = crate::theme::DEFAULT_FILES
        .iter()
        .find(|(path, _)| *path == "i18n/vi.yaml")
        .and_then(|(path, text)| crate::load::string_table(path, text, &mut diags))
        .unwrap_or_default();
    list.values
        .iter()
        .map(
            |id| match labels.get(&format!("status_{}", id.replace('-', "_"))) {
                Some(label) => format!("{id} ({label})"),
                None => id.clone(),
            },
        )
        .collect::<Vec<_>>()
        .join(", ")
}
