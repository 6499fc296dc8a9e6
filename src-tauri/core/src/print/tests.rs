//! Sample documents rendered and read back with poppler (`pdftotext`, `pdffonts`, `pdftoppm`).
//! The samples are also written to `$TMPDIR/zavuch-print-samples/` to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::*;

const SCHOOL: &str = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17 имени Героя Советского Союза Ф. Ф. Ёлкина»";

const SUBJECTS: [&str; 18] = [
    "Русский язык",
    "Литература",
    "Родной язык (русский)",
    "Иностранный язык (английский)",
    "Математика",
    "Информатика",
    "История",
    "Обществознание",
    "География",
    "Биология",
    "Физика",
    "Химия",
    "Изобразительное искусство",
    "Музыка",
    "Труд (технология)",
    "Физическая культура",
    "Основы безопасности и защиты Родины",
    "Основы духовно-нравственной культуры народов России",
];

fn student(i: usize) -> String {
    const LAST: [&str; 12] = [
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Васильев",
        "Петров",
        "Соколов",
        "Михайлов",
        "Новиков",
        "Фёдоров",
        "Морозов",
        "Волков",
    ];
    const FIRST: [&str; 7] = [
        "Александр",
        "Дмитрий",
        "Максим",
        "Сергей",
        "Андрей",
        "Алексей",
        "Артём",
    ];
    const PATRONYMIC: [&str; 5] = [
        "Александрович",
        "Сергеевич",
        "Владимирович",
        "Константинович",
        "Юрьевич",
    ];
    format!("{} {} {}", LAST[i % 12], FIRST[i % 7], PATRONYMIC[i % 5])
}

fn class_list(students: usize) -> Document {
    let mut doc = Document::new(PageSetup::a4_portrait())
        .pdf_title("Список класса 5 А")
        .running_header(SCHOOL);
    doc.title_block(
        &TitleBlock::new("Список класса")
            .line("Учебный год 2026-2027")
            .line("Класс 5 А")
            .line("Классный руководитель: Ёлкина Анна Сергеевна"),
    );
    let mut table = Table::new(vec![
        Column::new("№ п/п").mm(10.0).right(),
        Column::new("Фамилия, имя, отчество"),
        Column::new("Дата рождения").mm(26.0).center(),
        Column::new("№ личного дела").mm(24.0).center(),
    ])
    .font_size(11.0);
    for i in 0..students {
        let number = (i + 1).to_string();
        let birth = format!("{:02}.{:02}.2015", i % 28 + 1, i % 12 + 1);
        let file = format!("А-{:03}", i + 101);
        table.row([number.as_str(), &student(i), &birth, &file]);
    }
    table.push(
        Row::new([Cell::new(format!("Всего: {students}"))
            .span(4)
            .align(Align::Right)])
        .bold(),
    );
    doc.table(&table);
    doc.certification(
        &Certification::new()
            .signatory("Директор", "А. Б. Петрова")
            .signatory("Заместитель директора по учебно-воспитательной работе", "")
            .date(DateLine::Blank)
            .stamp(),
    );
    doc
}

fn ledger_page(doc: &mut Document, students: usize) {
    doc.title_block(
        &TitleBlock::new("Сводная ведомость итоговой успеваемости")
            .line("2026-2027 учебный год, 1 четверть · Класс 5 А · Классный руководитель Ёлкина А. С.")
            .sizes(12.0, 10.0)
            .space_after(2.0),
    );
    let mut columns = vec![
        Column::new("№").mm(6.0).right(),
        Column::new("Фамилия, имя"),
    ];
    columns.extend(
        SUBJECTS
            .iter()
            .map(|s| Column::new(*s).mm(9.5).center().vertical()),
    );
    columns.push(Column::new("Пропущено уроков").mm(9.0).center().vertical());
    columns.push(Column::new("из них по болезни").mm(9.0).center().vertical());
    let marks = [
        "5", "4", "4", "3", "5", "4", "н/а", "5", "4", "2", "осв", "зач",
    ];
    let certification = Certification::new()
        .signatory("Классный руководитель", "А. С. Ёлкина")
        .signatory("Заместитель директора по УВР", "М. И. Соколова")
        .columns(2)
        .font_size(10.0)
        .space_before(3.0)
        .date(DateLine::Given("Дата: 28.10.2026".into()))
        .stamp();
    let mut table = Table::new(columns)
        .font_size(9.0)
        .family(Family::Sans) // reads better than a serif at the 7-8 pt 35 rows come to
        .header_font_size(8.5)
        .max_header_height(30.0)
        .keep_on_one_page(certification.height(doc.content_width()));
    for i in 0..students {
        let mut row = vec![(i + 1).to_string(), student(i)];
        row.extend((0..SUBJECTS.len()).map(|j| marks[(i * 7 + j * 3) % marks.len()].to_string()));
        row.push(((i * 5) % 23).to_string());
        row.push(((i * 3) % 7).to_string());
        table.row(row);
    }
    let mut pass = vec![Cell::new("Успеваемость, %").span(2).align(Align::Right)];
    pass.extend((0..SUBJECTS.len()).map(|j| Cell::new(format!("{}", 90 + j % 10))));
    table.push(Row::new(pass).bold());
    let mut quality = vec![Cell::new("Качество, %").span(2).align(Align::Right)];
    quality.extend((0..SUBJECTS.len()).map(|j| Cell::new(format!("{}", 50 + j))));
    table.push(Row::new(quality).bold());
    doc.table(&table);
    doc.certification(&certification);
}

fn ledger(pages: usize) -> Document {
    let mut doc = Document::new(PageSetup::a4_landscape())
        .pdf_title("Сводная ведомость")
        .running_header(SCHOOL);
    for p in 0..pages {
        if p > 0 {
            doc.new_page();
        }
        ledger_page(&mut doc, 35);
    }
    doc
}

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

/// CPU time of this thread (Linux), so that the figures hold on a busy machine too.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Runs `f` and returns its result with the wall time and the thread's CPU time it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    let value = f();
    let cpu = thread_cpu().zip(cpu).map(|(after, before)| after - before);
    (value, wall.elapsed(), cpu)
}

/// Not a test: `cargo test --release -p zavuch-core print::tests::benchmark -- --ignored --nocapture`
/// prints how long ledger pages take and how big they are (docs/benchmarks.md, «Printing»).
#[test]
#[ignore = "benchmark; run in release"]
fn benchmark() {
    let _ = ledger(1).finish(); // parse the fonts once, as a running app has
    let (layout, wall, cpu) = timed(|| (0..30).map(|_| ledger(1)).collect::<Vec<_>>());
    println!("layout of 30 one-page ledgers: {wall:?} (CPU {cpu:?})");
    let (sizes, wall, cpu) = timed(|| {
        layout
            .into_iter()
            .map(|d| d.finish().len())
            .collect::<Vec<_>>()
    });
    println!(
        "writing them as 30 PDF files: {wall:?} (CPU {cpu:?}), {} to {} bytes each",
        sizes.iter().min().unwrap(),
        sizes.iter().max().unwrap()
    );
    let (sizes, wall, cpu) = timed(|| {
        (0..30)
            .map(|_| ledger(1).finish().len())
            .collect::<Vec<_>>()
    });
    println!(
        "30 one-page ledgers, laid out and written: {wall:?} (CPU {cpu:?}), {} bytes in all",
        sizes.iter().sum::<usize>()
    );
    let start = Instant::now();
    let bytes: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| (0..15).map(|_| ledger(1).finish().len()).sum::<usize>()))
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    println!(
        "the same on two threads, 15 each: {:?}, {bytes} bytes in all",
        start.elapsed()
    );
    let (combined, wall, cpu) = timed(|| ledger(30).finish());
    println!(
        "30 ledger pages in one file: {wall:?} (CPU {cpu:?}), {} bytes",
        combined.len()
    );
    let (sizes, wall, cpu) = timed(|| {
        (0..30)
            .map(|_| class_list(30).finish().len())
            .collect::<Vec<_>>()
    });
    println!(
        "30 one-page class lists of 30 students: {wall:?} (CPU {cpu:?}), {} bytes each",
        sizes[0]
    );
    save("ledger-30.pdf", &combined);
}
