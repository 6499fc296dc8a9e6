//! The problems of the year's end: the pedagogical council's decisions and the rollover's
//! stages, each naming the class or student and what to do. Kept beside error.rs, as
//! `Problem::YearEnd`; those that only warn are said so.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum YearEndProblem {
    /// The decisions of the year were applied by stage 1; changes are movements now.
    DecisionsApplied { year: String },
    /// A decision the student's grade does not have (promotion out of grade 11…).
    DecisionNotForGrade {
        decision: String,
        name: String,
        class: String,
        allowed: String,
    },
    /// A conditional promotion without the subjects in debt.
    DebtSubjectsRequired { name: String },
    /// Subjects in debt given for a decision other than a conditional promotion.
    DebtOnlyForConditional { name: String },
    /// Where to (or the departure's reason) for a student who does not leave.
    DestinationOnlyForLeavers { name: String },
    /// Next year's class named for a student who leaves.
    ToClassForLeaver { name: String },
    /// Next year's class of another grade than the decision leads to.
    ToClassOtherGrade {
        class: String,
        name: String,
        grade: i64,
    },
    /// «С отличием» on a decision that does not end a level (9th, 11th, 12th grade finished).
    DistinctionNotForDecision {
        name: String,
        decision: String,
        class: String,
    },
    /// A student who left the school during the year.
    DecisionForDeparted { name: String, on: String },
    /// A year other than the one after the current year.
    RolloverNotNext {
        to: String,
        current: String,
        next: String,
    },
    /// A stage asked before the stages it follows have run.
    RolloverStageOrder { stage: i64, before: i64 },
    /// Problems stopped the stage; nothing of it was written.
    RolloverStopped { stage: i64 },
    /// A warning: the departures' day is still ahead.
    DepartureAhead { on: String },
    /// A warning: students leave a class whose council has no order.
    NoTransferOrder { class: String },
    /// A warning: a term scheme whose moved terms do not fit the new year.
    TermsNotMoved { scheme: String },
    /// A warning: the new year's holidays are to be entered.
    HolidaysToEnter { year: String },
    /// A warning: a class teacher who does not work at the school in the new year.
    ClassTeacherNotCarried { name: String, on: String },
    /// A warning: a new class without a template to copy its curriculum from.
    NoTemplateForClass { class: String },
    /// A warning: a split whose subject the new classes do not study.
    SplitNotCarried { split: String },
    /// A warning: the load of a teacher who does not work at the school in the new year.
    TeacherLoadNotCarried { name: String, on: String },
}

impl YearEndProblem {
    pub fn code(&self) -> &'static str {
        match self {
            YearEndProblem::DecisionsApplied { .. } => "decisions_applied",
            YearEndProblem::DecisionNotForGrade { .. } => "decision_not_for_grade",
            YearEndProblem::DebtSubjectsRequired { .. } => "debt_subjects_required",
            YearEndProblem::DebtOnlyForConditional { .. } => "debt_only_for_conditional",
            YearEndProblem::DestinationOnlyForLeavers { .. } => "destination_only_for_leavers",
            YearEndProblem::ToClassForLeaver { .. } => "to_class_for_leaver",
            YearEndProblem::ToClassOtherGrade { .. } => "to_class_other_grade",
            YearEndProblem::DistinctionNotForDecision { .. } => "distinction_not_for_decision",
            YearEndProblem::DecisionForDeparted { .. } => "decision_for_departed",
            YearEndProblem::RolloverNotNext { .. } => "rollover_not_next",
            YearEndProblem::RolloverStageOrder { .. } => "rollover_stage_order",
            YearEndProblem::RolloverStopped { .. } => "rollover_stopped",
            YearEndProblem::DepartureAhead { .. } => "departure_ahead",
            YearEndProblem::NoTransferOrder { .. } => "no_transfer_order",
            YearEndProblem::TermsNotMoved { .. } => "terms_not_moved",
            YearEndProblem::HolidaysToEnter { .. } => "holidays_to_enter",
            YearEndProblem::ClassTeacherNotCarried { .. } => "class_teacher_not_carried",
            YearEndProblem::NoTemplateForClass { .. } => "no_template_for_class",
            YearEndProblem::SplitNotCarried { .. } => "split_not_carried",
            YearEndProblem::TeacherLoadNotCarried { .. } => "teacher_load_not_carried",
        }
    }
}

impl fmt::Display for YearEndProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            YearEndProblem::DecisionsApplied { year } => write!(
                f,
                "Решения педагогического совета за {year} учебный год уже применены (выполнен \
                 этап 1 перехода). Изменения теперь оформляются приказами о движении: \
                 выбытие, прибытие, перевод."
            ),
            YearEndProblem::DecisionNotForGrade {
                decision,
                name,
                class,
                allowed,
            } => write!(
                f,
                "Решение «{decision}» не подходит для {name} ({class} класс): для этого класса \
                 возможны {allowed}."
            ),
            YearEndProblem::DebtSubjectsRequired { name } => write!(
                f,
                "{name} переводится условно: укажите предметы академической задолженности."
            ),
            YearEndProblem::DebtOnlyForConditional { name } => write!(
                f,
                "Предметы задолженности указываются только при условном переводе, а для {name} \
                 выбрано другое решение. Уберите предметы или выберите «Переведён условно»."
            ),
            YearEndProblem::DestinationOnlyForLeavers { name } => write!(
                f,
                "{name} не выбывает: куда и по какой причине выбывает, указывается только для \
                 окончивших и выбывающих."
            ),
            YearEndProblem::ToClassForLeaver { name } => write!(
                f,
                "{name} выбывает из школы: класс на следующий год не указывается."
            ),
            YearEndProblem::ToClassOtherGrade { class, name, grade } => write!(
                f,
                "Класс «{class}» не подходит для {name}: по решению ученик будет учиться в \
                 {grade} классе. Укажите {grade} класс, например «{grade} А»."
            ),
            YearEndProblem::DistinctionNotForDecision {
                name,
                decision,
                class,
            } => write!(
                f,
                "Аттестат с отличием выдаётся только окончившим 9 класс (в том числе \
                 продолжающим обучение в 10 классе) или 11 (12) класс, а для {name} ({class} \
                 класс) выбрано решение «{decision}». Снимите отметку «С отличием» или выберите \
                 решение «Окончил»."
            ),
            YearEndProblem::DecisionForDeparted { name, on } => write!(
                f,
                "{name} выбыл(а) из школы {on}: решение педагогического совета о нём (о ней) \
                 не принимается. Если ученик вернулся, оформите прибытие."
            ),
            YearEndProblem::RolloverNotNext { to, current, next } => write!(
                f,
                "Переход возможен только на следующий учебный год: текущий год {current}, \
                 следующий — {next}, а указан «{to}»."
            ),
            YearEndProblem::RolloverStageOrder { stage, before } => write!(
                f,
                "Этап {stage} выполняется после этапа {before}: сначала выполните этап {before}."
            ),
            YearEndProblem::RolloverStopped { stage } => write!(
                f,
                "Этап {stage} остановлен: исправьте перечисленное и запустите этап снова. В \
                 базе ничего не изменилось."
            ),
            YearEndProblem::DepartureAhead { on } => write!(
                f,
                "Выбытие оформляется датой {on}, а этот день ещё не наступил: до него ученики \
                 числятся в своих классах."
            ),
            YearEndProblem::NoTransferOrder { class } => write!(
                f,
                "Для {class} класса не указан приказ, в который входят решения педсовета: \
                 выбытие оформлено без приказа. Впишите приказ в решениях класса."
            ),
            YearEndProblem::TermsNotMoved { scheme } => write!(
                f,
                "Периоды шаблона «{scheme}» не уложились в новый учебный год: шаблон создан \
                 без периодов, внесите их."
            ),
            YearEndProblem::HolidaysToEnter { year } => write!(
                f,
                "Каникулы {year} учебного года не переносятся: внесите их, когда календарь \
                 будет утверждён. Даты периодов перенесены черновиком — проверьте их."
            ),
            YearEndProblem::ClassTeacherNotCarried { name, on } => write!(
                f,
                "{name} не работает в школе на {on}: классный руководитель не назначен, \
                 назначьте другого."
            ),
            YearEndProblem::NoTemplateForClass { class } => write!(
                f,
                "Для {class} класса нет шаблона учебного плана в новом году: назначьте учебный \
                 план вручную."
            ),
            YearEndProblem::SplitNotCarried { split } => write!(
                f,
                "Деление «{split}» не перенесено: в учебном плане класса нового года нет этого \
                 предмета или он уже разделён."
            ),
            YearEndProblem::TeacherLoadNotCarried { name, on } => write!(
                f,
                "{name} не работает в школе на {on}: нагрузка не перенесена, распределите её \
                 другим учителям."
            ),
        }
    }
}
