//! Sample documents built with the printing layer's public API only: a class list and the
//! ledger page of a class of 35 with 18 subjects. The layer's tests read them back and the
//! `print_forms` bench (`benches/print_forms.rs`, which includes this file) times them.

use super::*;

/// A long school name, for the running header of every sample.
pub const SCHOOL: &str = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17 имени Героя Советского Союза Ф. Ф. Ёлкина»";

pub const SUBJECTS: [&str; 18] = [
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

/// The `i`-th student's «Фамилия Имя Отчество», repeating after 420.
pub fn student(i: usize) -> String {
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

/// A class list of `students` students, A4 portrait, with the certification block.
pub fn class_list(students: usize) -> Document {
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

/// One ledger page (35 students fit A4 landscape) with its totals and signatures.
pub fn ledger_page(doc: &mut Document, students: usize) {
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

/// `pages` ledger pages in one A4 landscape document.
pub fn ledger(pages: usize) -> Document {
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
