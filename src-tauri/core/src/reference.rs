//! Fixed lists the UI offers in drop-downs, with their Russian labels (written once, here
//! or beside the enum they belong to).

use crate::accounts::Role;
use crate::classes::{ClassKind, Profile};
use crate::movement::{DepartureReason, Origin};
use crate::people::Sex;
use crate::rooms::RoomKind;
use crate::school::CredentialKind;
use crate::staff::{AcademicDegree, EducationLevel, QualificationCategory};
use crate::students::{Relation, SpecialNeeds, StudyForm};
use crate::thematic_plans::TopicKind;
use crate::timetable::substitutions::SubstitutionReason;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Reference {
    pub room_kinds: Vec<Choice>,
    pub credential_kinds: Vec<Choice>,
    pub sexes: Vec<Choice>,
    pub qualification_categories: Vec<Choice>,
    /// Уровень образования of a staff member.
    pub education_levels: Vec<Choice>,
    pub academic_degrees: Vec<Choice>,
    /// ОВЗ of a student, by the kind of the adapted programme.
    pub special_needs: Vec<Choice>,
    pub class_kinds: Vec<Choice>,
    pub profiles: Vec<Choice>,
    pub study_forms: Vec<Choice>,
    pub departure_reasons: Vec<Choice>,
    /// Откуда прибыл обучающийся.
    pub origins: Vec<Choice>,
    pub relations: Vec<Choice>,
    pub substitution_reasons: Vec<Choice>,
    /// Вид работы of a thematic plan's topic.
    pub topic_kinds: Vec<Choice>,
    /// The roles of accounts, the administrator's first.
    pub roles: Vec<Choice>,
    /// The fewest characters of a school file's password.
    pub min_password_chars: usize,
}

fn choice<T: Serialize>(value: &T, label: &str) -> Choice {
    let value = serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Choice {
        value,
        label: label.to_string(),
    }
}

impl Reference {
    pub fn get() -> Reference {
        Reference {
            room_kinds: RoomKind::ALL.iter().map(|k| choice(k, k.label())).collect(),
            credential_kinds: CredentialKind::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            sexes: Sex::ALL.iter().map(|k| choice(k, k.label())).collect(),
            qualification_categories: QualificationCategory::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            education_levels: EducationLevel::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            academic_degrees: AcademicDegree::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            special_needs: SpecialNeeds::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            class_kinds: ClassKind::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            profiles: Profile::ALL.iter().map(|k| choice(k, k.label())).collect(),
            study_forms: StudyForm::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            departure_reasons: DepartureReason::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            origins: Origin::ALL.iter().map(|k| choice(k, k.label())).collect(),
            relations: Relation::ALL.iter().map(|k| choice(k, k.label())).collect(),
            substitution_reasons: SubstitutionReason::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            topic_kinds: TopicKind::ALL
                .iter()
                .map(|k| choice(k, k.label()))
                .collect(),
            roles: Role::ALL.iter().map(|k| choice(k, k.label())).collect(),
            min_password_chars: crate::encryption::MIN_PASSWORD_CHARS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_a_value_and_a_russian_label() {
        let r = Reference::get();
        assert!(r.room_kinds.len() >= 8);
        let people = [
            &r.sexes,
            &r.qualification_categories,
            &r.education_levels,
            &r.academic_degrees,
            &r.special_needs,
            &r.class_kinds,
            &r.profiles,
            &r.study_forms,
            &r.departure_reasons,
            &r.origins,
            &r.substitution_reasons,
            &r.relations,
            &r.topic_kinds,
        ];
        assert!(people.iter().all(|list| list.len() >= 2));
        for c in r
            .room_kinds
            .iter()
            .chain(&r.credential_kinds)
            .chain(people.into_iter().flatten())
        {
            assert!(!c.value.is_empty());
            assert!(c
                .label
                .chars()
                .any(|ch| ('а'..='я').contains(&ch.to_lowercase().next().unwrap())));
        }
        assert_eq!(r.credential_kinds[0].value, "licence");
    }
}
