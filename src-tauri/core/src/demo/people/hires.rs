//! The demo's staff: about 60 people with positions, rates, education and the classes they
//! lead, each hired by an order (a few have left).

use super::*;

/// One staff member of the demo: positions with rates, a speciality for the education line,
/// and whether the person leads a class.
pub(super) struct DemoStaff {
    positions: Vec<(&'static str, f64)>,
    speciality: &'static str,
    sex: Option<Sex>,
    leads: Leads,
    left_on: Option<NaiveDate>,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Leads {
    Primary,
    Senior,
    NoClass,
}

/// The ids of the teachers who lead classes: primary classes first, then grades 5–11.
pub(super) struct Teachers {
    pub(super) primary: Vec<i64>,
    pub(super) senior: Vec<i64>,
}

pub(super) fn demo_staff() -> Vec<DemoStaff> {
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

pub(super) fn institution(rng: &mut Rng) -> &'static str {
    rng.pick(&[
        "Орловский государственный университет им. И. С. Тургенева",
        "Елецкий государственный университет им. И. А. Бунина",
        "Ливенский педагогический колледж",
        "Курский государственный университет",
        "Орловский государственный педагогический институт",
    ])
}

pub(super) fn create_staff(db: &Db, n: &mut Numbers) -> Result<Teachers> {
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
