//! The demo's facts for the statistical reports (ОО-1, the tariff list, staff composition): a
//! staff member's education level, experience, category date, degree and titles, a student's
//! ОВЗ and disability. Drawn from a generator of their own, seeded by the person, so that the
//! rest of the demo (names, marks) stays what it was before these facts existed.

use super::people::Rng;
use crate::staff::{AcademicDegree, EducationLevel, QualificationCategory, StaffMember};
use crate::students::{SpecialNeeds, Student};
use chrono::{Datelike, Days, NaiveDate};

/// A generator seeded by a text (a name, a file number): the same person, the same facts.
fn seeded(text: &str) -> Rng {
    Rng(text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    }))
}

fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0) as u64;
    from + Days::new(rng.below(span + 1))
}

/// Fills the card's education level, experience, category date, degree and titles from what
/// the demo gave it: the education line («высшее, …, учитель истории»), birth date and the
/// first hire at this school.
pub(super) fn fill_career(m: &mut StaffMember, hired: NaiveDate, today: NaiveDate) {
    let rng = &mut seeded(&m.full_name());
    m.education_level = if m.education.starts_with("высшее") {
        EducationLevel::Higher
    } else {
        EducationLevel::SecondaryVocational
    };
    m.pedagogical_education = ["учитель", "педагог", "воспитатель"]
        .iter()
        .any(|w| m.education.contains(w))
        || m.education.contains("педагогическ");
    let birth = m.birth_date.unwrap_or(hired);
    let adult = NaiveDate::from_ymd_opt(birth.year() + 19, 9, 1).unwrap_or(hired);
    // Some came from another school or another job before this one.
    let began = day_between(rng, adult.max(hired - Days::new(365 * 12)), hired).min(hired);
    m.experience_since = Some(began);
    m.pedagogical_experience_since = Some(match rng.chance(20) {
        true => day_between(rng, began, hired),
        false => began,
    });
    m.category_awarded_on = match m.qualification_category {
        QualificationCategory::None => None,
        _ => Some(day_between(rng, today - Days::new(365 * 5), today - Days::new(30)).max(hired)),
    };
    m.academic_degree = match rng.below(40) {
        0 => AcademicDegree::Candidate,
        _ => AcademicDegree::None,
    };
    if today.year() - began.year() > 20 && rng.chance(30) {
        m.honorary_titles = "Почётный работник общего образования Российской Федерации".into();
    }
}

/// ОВЗ and disability of a few students, about as often as in an ordinary school: ОВЗ about
/// one in 25 (mostly a delay of mental development or a speech disorder), disability one in 60.
pub(super) fn fill_health(s: &mut Student) {
    let rng = &mut seeded(&format!("{} {}", s.file_number, s.full_name()));
    s.special_needs = match rng.below(1000) {
        0..=17 => SpecialNeeds::DevelopmentalDelay,
        18..=27 => SpecialNeeds::Speech,
        28..=32 => SpecialNeeds::Intellectual,
        33..=34 => SpecialNeeds::Autism,
        35..=36 => SpecialNeeds::VisuallyImpaired,
        37 => SpecialNeeds::Musculoskeletal,
        38 => SpecialNeeds::HardOfHearing,
        _ => SpecialNeeds::None,
    };
    s.disability = match s.special_needs {
        SpecialNeeds::Intellectual | SpecialNeeds::Autism | SpecialNeeds::Musculoskeletal => {
            rng.chance(70)
        }
        _ => rng.below(100) < 1,
    };
}
