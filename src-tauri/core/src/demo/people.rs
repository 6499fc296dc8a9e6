//! The demo school's people: about 60 staff members with their positions and rates, 31 classes
//! of grades 1–11 with class teachers, term schemes, bell schedules and home rooms, and about
//! 780 students with realistic Russian names, birth dates fitting their grade, personal file
//! numbers, enrolment orders, guardians (siblings share theirs) and consents for most.
//!
//! Everything comes from a small seeded generator written here (SplitMix64), so the demo is the
//! same on every machine and every run. It is built through the same saves the app makes.

use super::statistics;
use crate::classes::{self, Class, ClassKind, Profile};
use crate::db::Db;
use crate::error::Result;
use crate::movement::{self, Departure, DepartureReason};
use crate::people::{Order, Sex};
use crate::staff::{self, Appointment, QualificationCategory, StaffMember};
use crate::students::{self, Consent, Guardian, Relation, Student, StudentGuardian, StudyForm};
use crate::validate;
use crate::year;
use chrono::{Datelike, Days, NaiveDate};

/// The day the demo's people are entered on: after the start of the year, so that September's
/// consents and departures are in the past.
const DEMO_TODAY: (i32, u32, u32) = (2026, 10, 1);
const SEED: u64 = 0x5A41_5655_2026_0007;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("demo dates are valid")
}

fn today() -> NaiveDate {
    date(DEMO_TODAY.0, DEMO_TODAY.1, DEMO_TODAY.2)
}

/// SplitMix64: tiny, fast and good enough to pick names; the same numbers everywhere. The
/// demo's other parts draw from it too (marks).
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n (n > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub(super) fn range(&mut self, from: i64, to_inclusive: i64) -> i64 {
        from + self.below((to_inclusive - from + 1) as u64) as i64
    }

    /// True with the given chance in percent.
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0) as u64;
        from + Days::new(self.below(span + 1))
    }
}

const MALE_NAMES: &[&str] = &[
    "Александр",
    "Алексей",
    "Андрей",
    "Артём",
    "Богдан",
    "Вадим",
    "Василий",
    "Виктор",
    "Владимир",
    "Всеволод",
    "Глеб",
    "Григорий",
    "Даниил",
    "Денис",
    "Дмитрий",
    "Егор",
    "Иван",
    "Игорь",
    "Илья",
    "Кирилл",
    "Константин",
    "Лев",
    "Леонид",
    "Максим",
    "Марк",
    "Матвей",
    "Михаил",
    "Никита",
    "Николай",
    "Олег",
    "Павел",
    "Пётр",
    "Роман",
    "Савелий",
    "Семён",
    "Сергей",
    "Степан",
    "Тимофей",
    "Фёдор",
    "Юрий",
    "Ярослав",
];

const FEMALE_NAMES: &[&str] = &[
    "Алина",
    "Алёна",
    "Алиса",
    "Анастасия",
    "Анна",
    "Арина",
    "Валерия",
    "Варвара",
    "Вера",
    "Вероника",
    "Виктория",
    "Галина",
    "Дарья",
    "Диана",
    "Ева",
    "Екатерина",
    "Елена",
    "Елизавета",
    "Злата",
    "Ирина",
    "Ксения",
    "Любовь",
    "Мария",
    "Марина",
    "Милана",
    "Надежда",
    "Наталья",
    "Ольга",
    "Полина",
    "София",
    "Светлана",
    "Таисия",
    "Татьяна",
    "Ульяна",
    "Юлия",
    "Яна",
];

/// Fathers' names with the patronymics they give a son and a daughter.
const FATHERS: &[(&str, &str, &str)] = &[
    ("Александр", "Александрович", "Александровна"),
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Анатолий", "Анатольевич", "Анатольевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Артём", "Артёмович", "Артёмовна"),
    ("Вадим", "Вадимович", "Вадимовна"),
    ("Валерий", "Валерьевич", "Валерьевна"),
    ("Василий", "Васильевич", "Васильевна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Виталий", "Витальевич", "Витальевна"),
    ("Владимир", "Владимирович", "Владимировна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"),
    ("Григорий", "Григорьевич", "Григорьевна"),
    ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Егор", "Егорович", "Егоровна"),
    ("Иван", "Иванович", "Ивановна"),
    ("Игорь", "Игоревич", "Игоревна"),
    ("Илья", "Ильич", "Ильинична"),
    ("Кирилл", "Кириллович", "Кирилловна"),
    ("Константин", "Константинович", "Константиновна"),
    ("Максим", "Максимович", "Максимовна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Никита", "Никитич", "Никитична"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"),
    ("Пётр", "Петрович", "Петровна"),
    ("Роман", "Романович", "Романовна"),
    ("Семён", "Семёнович", "Семёновна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Станислав", "Станиславович", "Станиславовна"),
    ("Фёдор", "Фёдорович", "Фёдоровна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
];

/// Surnames in their male form; the female form is made by [`female_surname`].
const SURNAMES: &[&str] = &[
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
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Баранов",
    "Филиппов",
    "Комаров",
    "Давыдов",
    "Беляев",
    "Герасимов",
    "Богданов",
    "Осипов",
    "Сидоров",
    "Матвеев",
    "Титов",
    "Марков",
    "Миронов",
    "Крылов",
    "Куликов",
    "Карпов",
    "Власов",
    "Мельников",
    "Денисов",
    "Гаврилов",
    "Тихонов",
    "Казаков",
    "Афанасьев",
    "Данилов",
    "Савельев",
    "Тимофеев",
    "Фомин",
    "Чернов",
    "Абрамов",
    "Мартынов",
    "Ефимов",
    "Федотов",
    "Щербаков",
    "Назаров",
    "Калинин",
    "Исаев",
    "Чернышёв",
    "Быков",
    "Маслов",
    "Родионов",
    "Коновалов",
    "Лазарев",
    "Воронин",
    "Климов",
    "Филатов",
    "Пономарёв",
    "Голубев",
    "Кудрявцев",
    "Прохоров",
    "Наумов",
    "Потапов",
    "Журавлёв",
    "Овчинников",
    "Трофимов",
    "Леонов",
    "Соболев",
    "Ермаков",
    "Колесников",
    "Гончаров",
    "Емельянов",
    "Никифоров",
    "Грачёв",
    "Котов",
    "Гришин",
    "Ерёмин",
    "Архипов",
    "Громов",
    "Кириллов",
    "Малышев",
    "Панов",
    "Моисеев",
    "Румянцев",
    "Акимов",
    "Кондратьев",
    "Бирюков",
    "Горбунов",
    "Анисимов",
    "Третьяков",
    "Ширяев",
    "Литвинов",
    "Островский",
    "Покровский",
    "Вишневский",
    "Высоцкий",
    "Шевченко",
    "Ковальчук",
    "Бондаренко",
    "Лысенко",
    "Донской",
    "Шестаков",
    "Ёлкин",
    "Ежов",
    "Елисеев",
];

const STREETS: &[&str] = &[
    "ул. Ленина",
    "ул. Орловская",
    "ул. Мира",
    "ул. Дружбы Народов",
    "ул. Свердлова",
    "ул. Победы",
    "ул. Карла Маркса",
    "ул. Пушкина",
    "ул. Гайдара",
    "ул. Садовая",
    "ул. Луговая",
    "ул. Черкасская",
    "ул. Курская",
    "ул. Елецкая",
    "ул. Октябрьская",
    "ул. Фрунзе",
    "ул. Кирова",
    "пер. Школьный",
    "ул. Денисова",
    "ул. Рабочая",
    "ул. Индустриальная",
    "ул. Стрелецкая",
];

/// «Иванов» → «Иванова», «Островский» → «Островская», «Донской» → «Донская»; «Шевченко» stays.
fn female_surname(male: &str) -> String {
    if let Some(stem) = male.strip_suffix("ий") {
        format!("{stem}ая")
    } else if let Some(stem) = male.strip_suffix("ой") {
        format!("{stem}ая")
    } else if ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|end| male.ends_with(end))
    {
        format!("{male}а")
    } else {
        male.to_string()
    }
}

fn surname(male: &str, sex: Sex) -> String {
    match sex {
        Sex::Male => male.to_string(),
        Sex::Female => female_surname(male),
    }
}

fn transliterate(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' | 'й' | 'ы' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ю' => "yu",
            'я' => "ya",
            _ => "",
        })
        .collect()
}

/// Makes numbers that look real: phones, SNILS with a right check number, file numbers.
struct Numbers {
    rng: Rng,
    snils: u64,
    orders: u32,
}

impl Numbers {
    fn phone(&mut self) -> String {
        let r = &mut self.rng;
        format!(
            "+7 (9{:02}) {:03}-{:02}-{:02}",
            r.range(0, 99),
            r.range(100, 999),
            r.range(0, 99),
            r.range(0, 99)
        )
    }

    /// A new SNILS each time (they only grow), with its check number.
    fn snils(&mut self) -> String {
        self.snils += 1 + self.rng.below(40_000);
        let body = format!("{:09}", self.snils);
        let sum: u32 = body
            .chars()
            .filter_map(|c| c.to_digit(10))
            .zip((1..=9).rev())
            .map(|(a, w)| a * w)
            .sum();
        let check = match sum {
            0..=99 => sum,
            100 | 101 => 0,
            _ => sum % 101 % 100,
        };
        validate::format_snils(&format!("{body}{check:02}"))
    }

    fn order(&mut self, suffix: &str, date: NaiveDate) -> Order {
        self.orders += 1 + self.rng.below(3) as u32;
        Order {
            series: String::new(),
            number: format!("{}-{suffix}", self.orders % 300 + 1),
            date: Some(date),
        }
    }

    fn address(&mut self) -> String {
        let street = self.rng.pick(STREETS);
        let house = self.rng.range(1, 120);
        if self.rng.chance(65) {
            format!(
                "303850, Орловская обл., г. Ливны, {street}, д. {house}, кв. {}",
                self.rng.range(1, 90)
            )
        } else {
            format!("303850, Орловская обл., г. Ливны, {street}, д. {house}")
        }
    }
}

pub(super) fn create(db: &Db, year_id: i64) -> Result<()> {
    let mut n = Numbers {
        rng: Rng(SEED),
        snils: 101_000_000,
        orders: 0,
    };
    let teachers = create_staff(db, &mut n)?;
    let classes = create_classes(db, year_id, &teachers, &mut n)?;
    create_students(db, &classes, &mut n)
}

// ---------------------------------------------------------------------------------------------
// Staff

/// One staff member of the demo: positions with rates, a speciality for the education line,
/// and whether the person leads a class.
struct DemoStaff {
    positions: Vec<(&'static str, f64)>,
    speciality: &'static str,
    sex: Option<Sex>,
    leads: Leads,
    left_on: Option<NaiveDate>,
}

#[derive(Clone, Copy, PartialEq)]
enum Leads {
    Primary,
    Senior,
    NoClass,
}

/// The ids of the teachers who lead classes: primary classes first, then grades 5–11.
struct Teachers {
    primary: Vec<i64>,
    senior: Vec<i64>,
}

fn demo_staff() -> Vec<DemoStaff> {
    use Leads::{NoClass, Primary, Senior};
    let s = |positions: &[(&'static str, f64)], speciality, sex, leads| DemoStaff {
        positions: positions.to_vec(),
        speciality,
        sex,
        leads,
        left_on: None,
    };
    const T: &str = "Учитель";
    let mut list = vec![
        s(
            &[
                ("Заместитель директора по учебно-воспитательной работе", 1.0),
                (T, 0.5),
            ],
            "учитель математики",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[
                ("Заместитель директора по учебно-воспитательной работе", 1.0),
                (T, 0.25),
            ],
            "учитель начальных классов",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[
                ("Заместитель директора по воспитательной работе", 1.0),
                (T, 0.5),
            ],
            "учитель истории и обществознания",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[(
                "Заместитель директора по административно-хозяйственной работе",
                1.0,
            )],
            "инженер-строитель",
            Some(Sex::Male),
            NoClass,
        ),
    ];
    for _ in 0..12 {
        list.push(s(
            &[(T, 1.0)],
            "учитель начальных классов",
            Some(Sex::Female),
            Primary,
        ));
    }
    let subject: &[(&str, usize, Option<Sex>, f64)] = &[
        (
            "учитель русского языка и литературы",
            5,
            Some(Sex::Female),
            1.5,
        ),
        ("учитель математики", 5, None, 1.5),
        ("учитель английского языка", 4, Some(Sex::Female), 1.0),
        ("учитель немецкого языка", 1, Some(Sex::Female), 1.0),
        ("учитель истории и обществознания", 3, None, 1.25),
        ("учитель географии", 1, Some(Sex::Female), 1.0),
        ("учитель биологии", 1, Some(Sex::Female), 1.0),
        ("учитель химии", 1, Some(Sex::Female), 1.0),
        ("учитель физики", 2, None, 1.0),
        ("учитель информатики", 2, Some(Sex::Male), 1.0),
        ("учитель физической культуры", 3, Some(Sex::Male), 1.5),
        ("учитель музыки", 1, Some(Sex::Female), 1.0),
        (
            "учитель изобразительного искусства",
            1,
            Some(Sex::Female),
            0.5,
        ),
        ("учитель технологии", 2, None, 1.0),
    ];
    // Nineteen subject teachers lead the classes of grades 5–11.
    let mut leaders = 0;
    for &(speciality, count, sex, rate) in subject {
        for _ in 0..count {
            let leads = if leaders < 19 && !speciality.contains("физической") {
                leaders += 1;
                Senior
            } else {
                NoClass
            };
            list.push(s(&[(T, rate)], speciality, sex, leads));
        }
    }
    list.extend([
        s(
            &[("Преподаватель-организатор ОБЗР", 1.0)],
            "преподаватель-организатор ОБЖ",
            Some(Sex::Male),
            NoClass,
        ),
        s(
            &[("Педагог-психолог", 1.0)],
            "педагог-психолог",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Социальный педагог", 1.0)],
            "социальный педагог",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Учитель-логопед", 1.0)],
            "учитель-логопед",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Педагог-организатор", 1.0)],
            "педагог-организатор",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Педагог-библиотекарь", 1.0)],
            "библиотекарь",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Советник директора по воспитанию", 1.0)],
            "педагог",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Педагог дополнительного образования", 0.5)],
            "педагог дополнительного образования (хореография)",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Педагог дополнительного образования", 1.0)],
            "педагог дополнительного образования (робототехника)",
            Some(Sex::Male),
            NoClass,
        ),
        s(&[("Тьютор", 0.5)], "педагог", Some(Sex::Female), NoClass),
        s(
            &[("Секретарь учебной части", 1.0)],
            "делопроизводитель",
            Some(Sex::Female),
            NoClass,
        ),
        s(
            &[("Лаборант", 0.5)],
            "лаборант химического анализа",
            Some(Sex::Female),
            NoClass,
        ),
    ]);
    // Who left: kept for history, out of current lists.
    for (speciality, left_on) in [
        ("учитель математики", date(2025, 6, 30)),
        ("учитель английского языка", date(2026, 8, 28)),
        ("учитель начальных классов", date(2024, 8, 30)),
    ] {
        list.push(DemoStaff {
            left_on: Some(left_on),
            ..s(&[(T, 1.0)], speciality, Some(Sex::Female), NoClass)
        });
    }
    list
}

fn institution(rng: &mut Rng) -> &'static str {
    rng.pick(&[
        "Орловский государственный университет им. И. С. Тургенева",
        "Елецкий государственный университет им. И. А. Бунина",
        "Ливенский педагогический колледж",
        "Курский государственный университет",
        "Орловский государственный педагогический институт",
    ])
}

fn create_staff(db: &Db, n: &mut Numbers) -> Result<Teachers> {
    let positions = staff::positions(db)?;
    let position = |name: &str| {
        positions
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.id)
            .unwrap_or_default()
    };
    let mut teachers = Teachers {
        primary: Vec::new(),
        senior: Vec::new(),
    };
    // The director is the one named on the school card.
    let mut all = vec![(
        Some(("Кириллова", "Наталья", "Викторовна")),
        DemoStaff {
            positions: vec![("Директор", 1.0)],
            speciality: "учитель русского языка и литературы",
            sex: Some(Sex::Female),
            leads: Leads::NoClass,
            left_on: None,
        },
    )];
    all.extend(demo_staff().into_iter().map(|d| (None, d)));
    for (name, d) in all {
        let rng = &mut n.rng;
        let sex = d.sex.unwrap_or(if rng.chance(50) {
            Sex::Male
        } else {
            Sex::Female
        });
        let (last, first, patronymic) = match name {
            Some((l, f, p)) => (l.to_string(), f.to_string(), p.to_string()),
            None => {
                let father = rng.pick(FATHERS);
                let (first, patronymic) = match sex {
                    Sex::Male => (rng.pick(MALE_NAMES), father.1),
                    Sex::Female => (rng.pick(FEMALE_NAMES), father.2),
                };
                (
                    surname(rng.pick(SURNAMES), sex),
                    first.to_string(),
                    patronymic.to_string(),
                )
            }
        };
        let birth = rng.day_between(date(1962, 1, 1), date(2000, 12, 31));
        let earliest_hire = date(birth.year() + 22, 8, 15).max(date(1986, 8, 15));
        let hired = rng
            .day_between(earliest_hire, date(2025, 8, 30))
            .min(d.left_on.map_or(date(2026, 8, 31), |l| l - Days::new(400)));
        let graduated = birth.year() + 22;
        let school = institution(rng);
        let level = if school.contains("колледж") {
            "среднее профессиональное"
        } else {
            "высшее"
        };
        let education = format!("{level}, {school}, {graduated}, {}", d.speciality);
        let category = rng.pick(&[
            QualificationCategory::Highest,
            QualificationCategory::Highest,
            QualificationCategory::First,
            QualificationCategory::First,
            QualificationCategory::First,
            QualificationCategory::Conformity,
            QualificationCategory::None,
        ]);
        let email = if rng.chance(60) {
            format!(
                "{}.{}@school7-livny.ru",
                transliterate(&last),
                transliterate(&first.chars().take(1).collect::<String>())
            )
        } else {
            String::new()
        };
        let mut appointments = Vec::new();
        for (i, (title, rate)) in d.positions.iter().enumerate() {
            // A second position came later than the first.
            let hired_on = if i == 0 {
                hired
            } else {
                n.rng.day_between(hired, date(2025, 9, 1))
            };
            let signed = hired_on - Days::new(n.rng.below(4));
            let hire_order = n.order("к", signed);
            let leave_order = match d.left_on {
                Some(l) => {
                    let signed = l - Days::new(n.rng.below(5));
                    n.order("к", signed)
                }
                None => Order::default(),
            };
            appointments.push(Appointment {
                id: None,
                staff_position_id: position(title),
                rate: *rate,
                hired_on: Some(hired_on),
                hire_order,
                left_on: d.left_on,
                leave_order,
                leave_reason: match d.left_on {
                    Some(_) => "по собственному желанию".into(),
                    None => String::new(),
                },
                transferred_from_id: None,
                position_name: String::new(),
            });
        }
        let mut member = StaffMember {
            last_name: last,
            first_name: first,
            patronymic,
            sex,
            birth_date: Some(birth),
            snils: n.snils(),
            phone: n.phone(),
            email,
            education,
            qualification_category: category,
            appointments,
            ..StaffMember::blank()
        };
        statistics::fill_career(&mut member, hired, today());
        let id = staff::save(db, &member, today())?
            .value
            .id
            .unwrap_or_default();
        match d.leads {
            Leads::Primary => teachers.primary.push(id),
            Leads::Senior => teachers.senior.push(id),
            Leads::NoClass => {}
        }
    }
    Ok(teachers)
}

// ---------------------------------------------------------------------------------------------
// Classes

/// A demo class: its id, grade and how many students it gets.
struct DemoClass {
    id: i64,
    grade: i32,
    seats: usize,
}

const HOME_ROOMS: &[&str] = &[
    "101", "102", "103", "104", "105", "106", "107", "108", "109", "110", "111", "112", "201",
    "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "301",
    "302", "303", "306", "307", "308",
];

fn create_classes(
    db: &Db,
    year_id: i64,
    teachers: &Teachers,
    n: &mut Numbers,
) -> Result<Vec<DemoClass>> {
    let detail = year::detail(db, year_id)?;
    let scheme = |name: &str| {
        detail
            .schemes
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.id)
    };
    let bells = crate::bells::list(db, year_id)?;
    let bell = |name: &str| bells.iter().find(|b| b.name == name).and_then(|b| b.id);
    let rooms = crate::rooms::list(db)?;
    let room = |number: &str| rooms.iter().find(|r| r.number == number).and_then(|r| r.id);

    let mut labels: Vec<(i32, &str, ClassKind, Option<Profile>, &str)> = Vec::new();
    for grade in 1..=9 {
        for letter in ["А", "Б", "В"] {
            let (kind, note) = if grade == 8 && letter == "А" {
                (ClassKind::InDepth, "Углублённое изучение математики")
            } else {
                (ClassKind::General, "")
            };
            labels.push((grade, letter, kind, None, note));
        }
    }
    labels.extend([
        (
            10,
            "А",
            ClassKind::Profile,
            Some(Profile::NaturalScience),
            "",
        ),
        (10, "Б", ClassKind::General, Some(Profile::Universal), ""),
        (
            11,
            "А",
            ClassKind::Profile,
            Some(Profile::SocioEconomic),
            "",
        ),
        (
            11,
            "Б",
            ClassKind::Profile,
            Some(Profile::Technological),
            "",
        ),
    ]);
    let (mut primary, mut senior) = (teachers.primary.iter(), teachers.senior.iter());
    let mut out = Vec::new();
    for (i, (grade, letter, kind, profile, note)) in labels.into_iter().enumerate() {
        let (scheme_name, bells_name) = match grade {
            1 => (year::QUARTERS_GRADE_1, "Начальные классы"),
            2..=4 => (year::QUARTERS, "Начальные классы"),
            5..=9 => (year::QUARTERS, "Основное"),
            _ => (year::HALVES, "Основное"),
        };
        let teacher = if grade <= 4 {
            primary.next()
        } else {
            senior.next()
        };
        let class = Class {
            id: None,
            academic_year_id: year_id,
            grade,
            letter: letter.into(),
            kind,
            profile,
            shift: 1,
            term_scheme_id: scheme(scheme_name),
            bell_schedule_id: bell(bells_name),
            room_id: HOME_ROOMS.get(i).and_then(|r| room(r)),
            class_teacher_id: teacher.copied(),
            note: note.into(),
        };
        let saved = classes::save(db, &class, today())?.value;
        let seats = if grade >= 10 {
            n.rng.range(18, 22)
        } else {
            n.rng.range(23, 27)
        } as usize;
        out.push(DemoClass {
            id: saved.id.unwrap_or_default(),
            grade,
            seats,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Students, guardians, consents

/// A family: a surname, the father's name (the children's patronymic), the guardians and the
/// address they share.
struct Family {
    surname: &'static str,
    father: (&'static str, &'static str, &'static str),
    address: String,
    guardians: Vec<(i64, Relation)>,
}

/// The day of birth of a child of `grade` in 2026-2027: 6½ to 7½ years old on 1 September
/// of the year they started school.
fn birth_for_grade(rng: &mut Rng, grade: i32) -> NaiveDate {
    let shift = grade - 1;
    rng.day_between(date(2019 - shift, 3, 1), date(2020 - shift, 2, 28))
}

fn create_students(db: &Db, classes: &[DemoClass], n: &mut Numbers) -> Result<()> {
    // Seats left in each class; children are placed into classes with room, siblings apart.
    let mut seats: Vec<usize> = classes.iter().map(|c| c.seats).collect();
    let mut file_numbers: Vec<(char, u32)> = Vec::new();
    let mut departures = 0;
    let mut enrolments = movement::Enrolments::default();
    while seats.iter().any(|&s| s > 0) {
        let children = match n.rng.below(100) {
            0..=71 => 1,
            72..=95 => 2,
            _ => 3,
        };
        let mut family = Family {
            surname: n.rng.pick(SURNAMES),
            father: n.rng.pick(FATHERS),
            address: n.address(),
            guardians: Vec::new(),
        };
        let mut used_grades: Vec<i32> = Vec::new();
        for child in 0..children {
            let open: Vec<usize> = (0..classes.len())
                .filter(|&i| seats[i] > 0 && !used_grades.contains(&classes[i].grade))
                .collect();
            if open.is_empty() {
                break;
            }
            let i = n.rng.pick(&open);
            seats[i] -= 1;
            used_grades.push(classes[i].grade);
            let (student, enrolment) = new_student(&mut family, &classes[i], n, &mut file_numbers);
            let id = students::save(db, &student, today())?
                .value
                .id
                .unwrap_or_default();
            enrolments.record(
                db.conn(),
                id,
                classes[i].id,
                enrolment.date_on,
                &enrolment.order,
            )?;
            if child == 0 {
                create_guardians(db, &mut family, id, n)?;
            } else {
                for &(g, relation) in &family.guardians {
                    students::link_guardian(db, id, g, relation)?;
                }
            }
            if n.rng.chance(93) {
                let given_on = enrolment
                    .date_on
                    .unwrap_or(today())
                    .max(date(2026, 8, 20))
                    .min(date(2026, 9, 15));
                consent(db, Some(id), None, given_on, n)?;
            }
            // A few left in September: they stay in the class's list of the year.
            let long_here = enrolment.date_on.is_some_and(|e| e < date(2026, 9, 1));
            if departures < 4 && classes[i].grade >= 3 && long_here && n.rng.chance(1) {
                departures += 1;
                depart(db, id, departures, n)?;
            }
        }
    }
    Ok(())
}

/// When a student was enrolled, and by which order.
struct Enrolment {
    date_on: Option<NaiveDate>,
    order: Order,
}

/// A new student of the class (their card, saved without a class) and their enrolment.
fn new_student(
    family: &mut Family,
    class: &DemoClass,
    n: &mut Numbers,
    file_numbers: &mut Vec<(char, u32)>,
) -> (Student, Enrolment) {
    let rng = &mut n.rng;
    let sex = if rng.chance(50) {
        Sex::Male
    } else {
        Sex::Female
    };
    let (first, patronymic) = match sex {
        Sex::Male => (rng.pick(MALE_NAMES), family.father.1),
        Sex::Female => (rng.pick(FEMALE_NAMES), family.father.2),
    };
    let last = surname(family.surname, sex);
    let birth = birth_for_grade(rng, class.grade);
    // Most started in grade 1 here; some arrived later, grade 10 often from other schools.
    let started = 2026 - (class.grade - 1);
    let arrived_later = (class.grade >= 10 && rng.chance(30)) || rng.chance(12);
    let enrolled_on = if arrived_later && class.grade > 1 {
        let from = if class.grade >= 10 { 2025 } else { started + 1 };
        rng.day_between(date(from.min(2026), 9, 1), date(2026, 9, 15))
    } else {
        date(started, 9, 1)
    };
    let order_date = if enrolled_on.month() == 9 && enrolled_on.day() == 1 {
        enrolled_on - Days::new(3 + rng.below(10))
    } else {
        enrolled_on
    };
    // «ё-1» and «е-1» are the same file number: Ёлкин files under «е».
    let letter = last
        .chars()
        .next()
        .map_or('а', |c| c.to_lowercase().next().unwrap_or(c));
    let letter = if letter == 'ё' { 'е' } else { letter };
    let number = match file_numbers.iter_mut().find(|(l, _)| *l == letter) {
        Some((_, count)) => {
            *count += 1;
            *count
        }
        None => {
            file_numbers.push((letter, 1));
            1
        }
    };
    let citizenship = match rng.below(100) {
        0 => "Беларусь",
        1 => "Казахстан",
        _ => "Россия",
    };
    let study_form = match rng.below(200) {
        0..=1 => StudyForm::Home,
        2 => StudyForm::Family,
        _ => StudyForm::FullTime,
    };
    let actual_address = if rng.chance(10) {
        n.address()
    } else {
        family.address.clone()
    };
    let snils = if n.rng.chance(92) {
        n.snils()
    } else {
        String::new()
    };
    let enrolment = Enrolment {
        date_on: Some(enrolled_on),
        order: n.order("у", order_date),
    };
    let mut student = Student {
        file_number: format!("{letter}-{number}"),
        last_name: last,
        first_name: first.into(),
        patronymic: patronymic.into(),
        sex,
        birth_date: Some(birth),
        citizenship: citizenship.into(),
        registered_address: family.address.clone(),
        actual_address,
        snils,
        study_form,
        ..Student::listed(String::new(), Default::default(), sex, None)
    };
    statistics::fill_health(&mut student);
    (student, enrolment)
}

/// The first child's guardians: a mother almost always, a father in most families, now and
/// then a grandmother as the appointed guardian instead.
fn create_guardians(db: &Db, family: &mut Family, student_id: i64, n: &mut Numbers) -> Result<()> {
    let mut people: Vec<(Guardian, Relation)> = Vec::new();
    let rng = &mut n.rng;
    if rng.chance(2) {
        let grandmother = Guardian {
            last_name: female_surname(family.surname),
            first_name: (rng.pick(FEMALE_NAMES)).into(),
            patronymic: rng.pick(FATHERS).2.into(),
            ..blank_guardian()
        };
        people.push((grandmother, Relation::Guardian));
    } else {
        let mother_surname = if rng.chance(92) {
            female_surname(family.surname)
        } else {
            female_surname(rng.pick(SURNAMES))
        };
        people.push((
            Guardian {
                last_name: mother_surname,
                first_name: (rng.pick(FEMALE_NAMES)).into(),
                patronymic: rng.pick(FATHERS).2.into(),
                ..blank_guardian()
            },
            Relation::Mother,
        ));
        if rng.chance(75) {
            people.push((
                Guardian {
                    last_name: family.surname.into(),
                    first_name: family.father.0.into(),
                    patronymic: rng.pick(FATHERS).1.into(),
                    ..blank_guardian()
                },
                Relation::Father,
            ));
        }
    }
    for (mut g, relation) in people {
        g.phone = n.phone();
        if n.rng.chance(30) {
            g.phone_extra = n.phone();
        }
        if n.rng.chance(40) {
            g.email = format!(
                "{}{}@mail.ru",
                transliterate(&g.last_name),
                n.rng.range(1, 999)
            );
        }
        if n.rng.chance(85) {
            g.snils = n.snils();
        }
        g.address = family.address.clone();
        let saved = students::save_student_guardian(
            db,
            student_id,
            &StudentGuardian {
                guardian: g,
                relation,
            },
        )?;
        let id = saved.value.guardian.id.unwrap_or_default();
        family.guardians.push((id, relation));
        if n.rng.chance(90) {
            let given_on = n.rng.day_between(date(2026, 8, 25), date(2026, 9, 10));
            consent(db, None, Some(id), given_on, n)?;
        }
    }
    Ok(())
}

fn blank_guardian() -> Guardian {
    Guardian {
        id: None,
        last_name: String::new(),
        first_name: String::new(),
        patronymic: String::new(),
        phone: String::new(),
        phone_extra: String::new(),
        email: String::new(),
        snils: String::new(),
        address: String::new(),
        note: String::new(),
        children: 0,
    }
}

fn consent(
    db: &Db,
    student_id: Option<i64>,
    guardian_id: Option<i64>,
    given_on: NaiveDate,
    n: &mut Numbers,
) -> Result<()> {
    // One in fifty consents was withdrawn later in September.
    let withdrawn_on = n.rng.chance(2).then(|| {
        n.rng
            .day_between(given_on.max(date(2026, 9, 10)), date(2026, 9, 30))
    });
    students::save_consent(
        db,
        &Consent {
            id: None,
            student_id,
            guardian_id,
            given_on: Some(given_on),
            withdrawn_on,
            note: String::new(),
        },
        today(),
    )?;
    Ok(())
}

fn depart(db: &Db, id: i64, nth: u32, n: &mut Numbers) -> Result<()> {
    let day = date(2026, 9, 10 + 4 * nth);
    let (reason, destination) = match nth {
        1 => (DepartureReason::OtherSchool, "МБОУ «Лицей № 1» г. Орла"),
        2 => (DepartureReason::OtherSchool, "МБОУ СОШ № 4 г. Ливны"),
        3 => (DepartureReason::FamilyEducation, "Семейное образование"),
        _ => (DepartureReason::Other, "Неизвестно"),
    };
    movement::leave(
        db,
        &Departure {
            student_id: id,
            on: day,
            reason,
            destination: destination.into(),
            order: n.order("у", day),
            note: String::new(),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> (Db, i64) {
        let db = Db::in_memory().unwrap();
        super::super::create(&db).unwrap();
        let year = year::current(&db).unwrap().unwrap().id.unwrap();
        (db, year)
    }

    /// Every row of the people's tables, in id order, as text.
    fn dump(db: &Db) -> String {
        let mut out = String::new();
        for table in [
            "staff_member",
            "appointment",
            "class",
            "student",
            "placement",
            "movement",
            "school_order",
            "guardian",
            "student_guardian",
            "consent",
        ] {
            let mut stmt = db
                .conn()
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
                .unwrap();
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).unwrap();
            while let Some(row) = rows.next().unwrap() {
                for c in 0..columns {
                    let v: rusqlite::types::Value = row.get(c).unwrap();
                    out.push_str(&format!("{v:?}|"));
                }
                out.push('\n');
            }
        }
        out
    }

    #[test]
    fn demo_people_are_the_same_every_time() {
        let (a, _) = demo();
        let (b, _) = demo();
        assert_eq!(dump(&a), dump(&b));
    }

    #[test]
    fn demo_people_fill_the_school() {
        let (db, year) = demo();
        let on = date(2026, 10, 1);
        let staff_now = staff::list(&db, on, false).unwrap();
        assert!(
            (55..=70).contains(&staff_now.len()),
            "{} staff",
            staff_now.len()
        );
        assert_eq!(
            staff::list(&db, on, true).unwrap().len(),
            staff_now.len() + 3
        );
        assert!(staff_now
            .iter()
            .any(|s| s.full_name == "Кириллова Наталья Викторовна"));
        assert!(
            staff_now.iter().any(|s| s.positions.contains(", ")),
            "two positions"
        );

        let classes = classes::list(&db, year, on).unwrap();
        assert_eq!(classes.len(), 31);
        assert_eq!(classes[0].label, "1 А");
        assert_eq!(classes[0].term_scheme_name, year::QUARTERS_GRADE_1);
        assert_eq!(classes[3].term_scheme_name, year::QUARTERS);
        assert_eq!(classes[0].bell_schedule_name, "Начальные классы");
        assert_eq!(classes[30].label, "11 Б");
        assert_eq!(classes[30].term_scheme_name, year::HALVES);
        assert_eq!(classes[30].bell_schedule_name, "Основное");
        assert!(classes.iter().all(|c| !c.class_teacher_name.is_empty()));
        assert!(classes.iter().all(|c| !c.room_number.is_empty()));
        assert!(classes
            .iter()
            .all(|c| c.boys > 5 && c.girls > 5 && c.total >= 17));
        let teachers: std::collections::HashSet<_> =
            classes.iter().map(|c| c.class.class_teacher_id).collect();
        assert_eq!(teachers.len(), 31, "one class each");

        let all = students::list(&db, year, None, None).unwrap();
        assert!((730..=800).contains(&all.len()), "{} students", all.len());
        let studying = students::list(&db, year, None, Some(on)).unwrap();
        assert_eq!(
            all.len() - studying.len(),
            4 + 2,
            "four left in September, two arrive in October (demo/movement.rs)"
        );
        let total: i32 = classes.iter().map(|c| c.total).sum();
        assert_eq!(total as usize, studying.len());

        // Every student is valid as saved, and the patronymic agrees with the sex.
        for row in &all {
            let s = students::get(&db, row.id).unwrap();
            let warnings = students::check(&db, &s, on).unwrap();
            assert!(warnings.is_empty(), "{}: {warnings:?}", s.full_name());
            let grade = classes
                .iter()
                .find(|c| c.class.id == s.class_id)
                .unwrap()
                .class
                .grade;
            let age = crate::people::age_on(s.birth_date.unwrap(), date(2026, 9, 1));
            assert!(
                (grade + 5..=grade + 7).contains(&age),
                "{} {age}",
                s.full_name()
            );
        }
        // Siblings share guardians; most have consents.
        let shared: i64 = db
            .conn()
            .query_row(
                "SELECT count(*) FROM guardian g WHERE (SELECT count(*) FROM student_guardian l
                 WHERE l.guardian_id = g.id) > 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(shared > 50, "{shared} guardians with several children");
        let missing = students::missing_consents(&db, year, on).unwrap();
        let own = missing.iter().filter(|m| m.guardian_id.is_none()).count();
        assert!(
            own > 10 && own < studying.len() / 5,
            "{own} students without consent"
        );
        assert!(missing.iter().any(|m| m.guardian_id.is_some()));
    }
}
