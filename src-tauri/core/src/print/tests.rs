//! Sample documents rendered and read back with poppler (`pdftotext`, `pdffonts`, `pdftoppm`).
//! The samples are also written to `$TMPDIR/zavuch-print-samples/` to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::samples::*;
use super::*;

fn samples_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("zavuch-print-samples");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Write a sample PDF to `$TMPDIR/zavuch-print-samples/` to look at; returns its path.
pub(crate) fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let path = samples_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Run a poppler tool (`pdftotext`, `pdffonts`, `pdfinfo`) on a PDF and return its output.
pub(crate) fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (apt package poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words after `label` on its line of `pdftotext -layout`'s text (poppler may drop the
/// narrow space in «5 А»).
pub(crate) fn words_after(text: &str, label: &str) -> Vec<String> {
    let tight = label.replace(' ', "");
    let rest = text
        .lines()
        .find_map(|l| {
            let l = l.trim_start();
            [label, tight.as_str()]
                .iter()
                .find_map(|p| l.strip_prefix(p).filter(|r| r.starts_with(' ')))
        })
        .unwrap_or_else(|| panic!("no «{label}» in:\n{text}"));
    rest.split_whitespace().map(str::to_string).collect()
}

/// The text of one page, laid out as printed.
pub(crate) fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &n, "-l", &n], pdf)
}

#[test]
fn documents_can_be_built_on_other_threads() {
    fn send<T: Send>() {}
    send::<Document>();
    send::<Table>();
}

#[test]
fn class_list_reads_back_in_russian() {
    let doc = class_list(30);
    assert_eq!(doc.page_count(), 1);
    let bytes = doc.finish();
    let pdf = save("class-list.pdf", &bytes);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for expected in [
        "Средняя общеобразовательная школа № 17",
        "Список класса",
        "Учебный год 2026-2027",
        "Класс 5 А",
        "Классный руководитель: Ёлкина Анна Сергеевна",
        "Фамилия, имя, отчество",
        "Иванов Александр Александрович",
        "Фёдоров Максим Юрьевич",
        "01.01.2015",
        "А-130",
        "Всего: 30",
        "Директор",
        "А. Б. Петрова",
        "(подпись)",
        "(расшифровка подписи)",
        "«____» ________________ 20____ г.",
        "М.П.",
        "Страница 1 из 1",
    ] {
        assert!(
            text.contains(expected),
            "«{expected}» missing from:\n{text}"
        );
    }
    // Numbers right-aligned in their column: «9» and «10» end at the same place.
    let end = |n: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{n} ")))
            .map(|l| l.find(n).unwrap() + n.len())
    };
    assert_eq!(end("9"), end("10"), "{text}");
    assert!(
        bytes.len() < 60_000,
        "a one-page class list is {} bytes",
        bytes.len()
    );
}

#[test]
fn long_tables_break_pages_and_repeat_the_header() {
    let doc = class_list(100);
    let pages = doc.page_count();
    assert!(pages >= 3, "{pages} pages");
    let pdf = save("class-list-long.pdf", &doc.finish());
    for page in 1..=pages {
        let text = page_text(&pdf, page);
        let has_rows = text.contains("Александрович") || text.contains("Всего: 100");
        assert!(
            page == pages || has_rows,
            "page {page} has no rows:\n{text}"
        );
        if has_rows {
            assert!(
                text.contains("Фамилия, имя, отчество"),
                "page {page} has no header row:\n{text}"
            );
        }
        assert!(
            text.contains("Средняя общеобразовательная школа"),
            "page {page} has no running header"
        );
        assert!(
            text.contains(&format!("Страница {page} из {pages}")),
            "page {page}:\n{text}"
        );
    }
    let all = poppler("pdftotext", &["-layout"], &pdf);
    for i in 1..=100 {
        let name = student(i - 1);
        assert!(
            all.lines()
                .any(|l| l.contains(&name) && l.trim_start().starts_with(&format!("{i} "))),
            "row {i} lost"
        );
    }
    assert!(
        page_text(&pdf, pages).contains("М.П."),
        "the certification block ends the document"
    );
}

#[test]
fn ledger_with_vertical_headers_fits_a4_landscape() {
    let doc = ledger(1);
    assert_eq!(
        doc.page_count(),
        1,
        "35 students × 18 subjects, totals and signatures on one page"
    );
    let bytes = doc.finish();
    let pdf = save("ledger.pdf", &bytes);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    for expected in [
        "Сводная ведомость итоговой успеваемости",
        "Фёдоров Алексей Константинович",
        "Успеваемость, %",
        "Качество, %",
        "М. И. Соколова",
        "Дата: 28.10.2026",
        "Страница 1 из 1",
    ] {
        assert!(
            text.contains(expected),
            "«{expected}» missing from:\n{text}"
        );
    }
    // Rotated headers read back as words (pdftotext without -layout keeps rotated runs whole).
    let raw = poppler("pdftotext", &["-raw"], &pdf);
    for subject in ["Математика", "Информатика", "Обществознание", "Пропущено"]
    {
        assert!(
            raw.contains(subject),
            "vertical header «{subject}» missing:\n{raw}"
        );
    }
    assert!(
        bytes.len() < 100_000,
        "a ledger page is {} bytes",
        bytes.len()
    );
    let png = samples_dir().join("ledger");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile"])
        .arg(&pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn fonts_are_embedded_as_subsets() {
    let pdf = save("fonts.pdf", &class_list(5).finish());
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "regular and bold serif:\n{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... encoding emb sub uni object ID
        assert!(
            cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
            "subset tag: {row}"
        );
        assert!(cols[0].contains("LiberationSerif"), "{row}");
        assert!(
            row.contains("CID TrueType") && row.contains("Identity-H"),
            "{row}"
        );
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "embedded, subset, ToUnicode: {row}"
        );
    }
}

#[test]
fn a3_and_plain_page_numbers() {
    let mut doc = Document::new(PageSetup::a3_landscape()).page_numbers(PageNumbers::Plain);
    doc.paragraph(
        "Наполняемость классов на 20.09.2026",
        TextStyle::serif(12.0).bold(),
        Align::Center,
    );
    doc.new_page();
    doc.paragraph("Итого по школе", TextStyle::serif(12.0), Align::Left);
    let pdf = save("a3.pdf", &doc.finish());
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("1190.55 x 841.89 pts (A3)"), "{info}");
    let second = page_text(&pdf, 2);
    assert!(
        second.contains("Итого по школе") && second.trim_end().ends_with('2'),
        "{second}"
    );
    assert!(!second.contains("Страница"));
}

/// A journal-like table: group titles over vertical and horizontal column titles, long enough
/// to break across pages.
fn grouped(rows: usize) -> Table {
    let mut columns = vec![
        Column::new("№").mm(8.0).right(),
        Column::new("Фамилия, имя, отчество"),
    ];
    columns.extend((1..=4).map(|q| {
        Column::new(format!("{q} четверть"))
            .mm(9.0)
            .center()
            .vertical()
    }));
    columns.push(Column::new("Годовая").mm(9.0).center().vertical());
    columns.push(Column::new("всего").mm(20.0).center());
    columns.push(Column::new("по болезни").mm(20.0).center());
    let mut table = Table::new(columns)
        .group("Отметки по четвертям", 2, 4)
        .group("Пропущено уроков", 7, 2)
        // Overlapping an existing group, and past the last column: both left out.
        .group("Лишняя группа", 5, 3)
        .group("Группа за краем", 9, 2);
    for i in 0..rows {
        let mut row = vec![(i + 1).to_string(), student(i)];
        row.extend((0..5).map(|q| ["5", "4", "3"][(i + q) % 3].to_string()));
        row.push(((i * 7) % 40).to_string());
        row.push(((i * 3) % 11).to_string());
        table.row(row);
    }
    table
}

#[test]
fn grouped_headers_over_vertical_and_horizontal_titles() {
    let mut doc = Document::new(PageSetup::a4_portrait()).running_header(SCHOOL);
    doc.title_block(&TitleBlock::new("Итоговые отметки").line("5 А класс"));
    doc.table(&grouped(70));
    let pages = doc.page_count();
    assert!(pages >= 2, "{pages} pages");
    let pdf = save("grouped-header.pdf", &doc.finish());
    for page in 1..=pages {
        let n = page.to_string();
        let raw = poppler("pdftotext", &["-raw", "-f", &n, "-l", &n], &pdf);
        for title in [
            "Отметки по четвертям",
            "Пропущено уроков",
            "четверть",
            "Годовая",
            "по болезни",
        ] {
            assert!(
                raw.contains(title),
                "page {page}: «{title}» missing:\n{raw}"
            );
        }
        assert!(
            !raw.contains("Лишняя") && !raw.contains("за краем"),
            "{raw}"
        );
    }
    // The group's title is above its columns' horizontal titles, over them, while «Фамилия»
    // (outside any group) sits between the two levels, centred on the header's whole height.
    let text = page_text(&pdf, 1);
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("«{needle}» missing:\n{text}"))
    };
    let (group, below, name) = (at("Пропущено уроков"), at("по болезни"), at("Фамилия"));
    assert!(group < below, "{text}");
    assert!(group <= name && name <= below, "{text}");
    let column = |line: &str, needle: &str| line[..line.find(needle).unwrap()].chars().count();
    let title = column(lines[group], "Пропущено уроков");
    assert!(
        column(lines[below], "всего") <= title + 2
            && title + 2 <= column(lines[below], "по болезни") + "по болезни".len(),
        "{}\n{}",
        lines[group],
        lines[below]
    );
    let all = poppler("pdftotext", &["-layout"], &pdf);
    for i in 1..=70 {
        assert!(all.contains(&student(i - 1)), "row {i} lost");
    }
}
