//! The Russian text of every [`Problem`], the one place it is written.

use super::Problem;
use std::fmt;

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => write!(f, "Заполните это поле."),
            Problem::NotDigits => write!(f, "Допустимы только цифры."),
            Problem::DigitCount(n) => write!(f, "Должно быть {n} цифр."),
            Problem::DigitCountOneOf(ns) => {
                let list: Vec<String> = ns.iter().map(|n| n.to_string()).collect();
                write!(f, "Должно быть {} цифр.", list.join(" или "))
            }
            Problem::InnCheckDigit => write!(
                f,
                "Контрольная цифра ИНН не сходится: проверьте, нет ли опечатки."
            ),
            Problem::OgrnCheckDigit => write!(
                f,
                "Контрольная цифра ОГРН не сходится: проверьте, нет ли опечатки."
            ),
            Problem::BadEmail => write!(f, "Адрес почты должен быть вида name@example.ru."),
            Problem::BadTime => write!(f, "Время вводится как ЧЧ:ММ, например 08:30."),
            Problem::NotInRange { min, max } => write!(f, "Допустимо число от {min} до {max}."),
            Problem::EndBeforeStart => write!(f, "Окончание раньше начала: поменяйте даты местами."),
            Problem::LessonEndsBeforeStart => {
                write!(f, "Урок должен заканчиваться позже, чем начинается: проверьте время.")
            }
            Problem::OutsideYear { year } => {
                write!(f, "Даты выходят за границы учебного года {year}.")
            }
            Problem::YearNameFormat => {
                write!(f, "Название года пишется как «2026-2027»: два года подряд через дефис.")
            }
            Problem::YearNameMismatch { expected } => write!(
                f,
                "Название не совпадает с датами года: по датам это «{expected}»."
            ),
            Problem::YearSpan => write!(
                f,
                "Учебный год начинается в одном календарном году и кончается в следующем."
            ),
            Problem::PeriodsOutsideYear { names } => write!(
                f,
                "С такими датами вне года окажутся: {names}. Сначала измените их даты или удалите их."
            ),
            Problem::DuplicateName { name } => {
                write!(f, "«{name}» уже есть: выберите другое название.")
            }
            Problem::TermsOverlap { other } => {
                write!(f, "Период пересекается с периодом «{other}» той же схемы.")
            }
            Problem::BellsOverlap { other } => write!(f, "Урок пересекается с уроком №{other}."),
            Problem::BellNumberOrder => write!(
                f,
                "Номера уроков должны идти по порядку без повторов, а время — по возрастанию."
            ),
            Problem::DuplicateRoomNumber { number } => {
                write!(f, "Кабинет с номером «{number}» уже есть.")
            }
            Problem::SubjectInUse { uses } => write!(
                f,
                "Предмет используется ({uses} записей), удалить его нельзя. Его можно скрыть."
            ),
            Problem::ShiftAboveSchool { shifts } => write!(
                f,
                "В школе {shifts} смен(ы): смена расписания не может быть больше."
            ),
            Problem::LicenceExpired => write!(f, "Срок действия истёк."),
            Problem::ShortBreak { minutes, after } => {
                write!(f, "Перемена после урока №{after} — {minutes} мин., меньше 10 минут.")
            }
            Problem::LongLesson { minutes } => {
                write!(f, "Урок длится {minutes} мин., дольше 45 минут.")
            }
            Problem::DayPastMidnight { lessons } => write!(
                f,
                "{lessons}-й урок закончился бы после полуночи: начните день раньше, сократите \
                 уроки и перемены или уменьшите число уроков."
            ),
            Problem::NotLessonNumbers { value } => write!(
                f,
                "«{value}» — не номера уроков: перечислите их через запятую, например 2, 3."
            ),
            Problem::UnknownFileType { name } => write!(
                f,
                "Файл «{name}» не похож на таблицу. Подойдут .xlsx, .xls, .ods и .csv."
            ),
            Problem::HtmlSpreadsheet => write!(
                f,
                "Это веб-страница, сохранённая как таблица. Откройте файл в Excel или LibreOffice \
                 и сохраните его как .xlsx."
            ),
            Problem::NoHeaderRow { expected } => write!(
                f,
                "Не найдена строка заголовков: ожидаются столбцы {expected}. Сверьте файл с \
                 шаблоном программы."
            ),
            Problem::MissingColumn { name } => write!(
                f,
                "Нет обязательного столбца «{name}». Добавьте его в строку заголовков или \
                 возьмите шаблон программы."
            ),
            Problem::DuplicateColumn { name } => {
                write!(f, "Столбец «{name}» встречается дважды: оставьте один.")
            }
            Problem::EmptyCell => write!(f, "Не заполнено, а столбец обязательный."),
            Problem::NotADate { value } => write!(
                f,
                "«{value}» — не дата. Пишите дату как дд.мм.гггг, например 01.09.2015."
            ),
            Problem::NoSuchDate { value } => {
                write!(f, "{value} — нет такой даты. Проверьте день и месяц.")
            }
            Problem::ImplausibleYear { value } => write!(
                f,
                "{value} — год вне 1900–2100, вероятно, опечатка. Проверьте год."
            ),
            Problem::NotASex { value } => {
                write!(f, "«{value}» — пол указывается буквой «м» или «ж».")
            }
            Problem::NotAnInteger { value } => write!(f, "«{value}» — нужно целое число."),
            Problem::NotAPositiveNumber { value } => write!(
                f,
                "«{value}» — нужно число больше нуля, например 1 или 0,5."
            ),
            Problem::NotInList { value, choices } => {
                write!(f, "«{value}» — такого значения нет. Допустимо: {choices}.")
            }
            Problem::LatinInName { value, at } => {
                let letter = value.chars().nth(at.saturating_sub(1)).unwrap_or('?');
                match crate::exchange::russian_look_alike(letter) {
                    Some(r) => write!(
                        f,
                        "«{value}»: на {at}-м месте латинская буква «{letter}», а не русская \
                         «{r}». Замените её русской."
                    ),
                    None => write!(
                        f,
                        "«{value}»: на {at}-м месте латинская буква «{letter}» среди русских. \
                         Замените её русской."
                    ),
                }
            }
            Problem::BadCharInName { value, ch } => write!(
                f,
                "«{value}»: знак «{ch}» в имени недопустим. Оставьте только буквы, пробел и дефис."
            ),
            Problem::NameInLatin { value } => write!(
                f,
                "«{value}» записано латиницей. Проверьте, так ли в документах."
            ),
            Problem::NamePartsMissing { value, parts } => write!(
                f,
                "«{value}»: не хватает частей имени. Ожидается «{parts}» через пробел \
                 (последняя часть — если есть)."
            ),
            Problem::SnilsCheckNumber => write!(
                f,
                "Контрольное число СНИЛС не сходится: проверьте, нет ли опечатки."
            ),
            Problem::DuplicateSnils { name } => write!(
                f,
                "Этот СНИЛС уже записан у «{name}». Проверьте номер или откройте ту запись."
            ),
            Problem::BirthDateInFuture => {
                write!(f, "Дата рождения ещё не наступила: проверьте год.")
            }
            Problem::BeforeBirth => write!(
                f,
                "Дата зачисления раньше даты рождения: проверьте обе даты."
            ),
            Problem::DateInFuture => write!(f, "Эта дата ещё не наступила: проверьте её."),
            Problem::PedagogicalExperienceLonger => write!(
                f,
                "Педагогический стаж не может быть больше общего: начало педагогического стажа \
                 раньше начала общего. Проверьте обе даты."
            ),
            Problem::CategoryDateWithoutCategory => write!(
                f,
                "Дата присвоения указана, а категория — «Без категории». Выберите категорию \
                 или сотрите дату."
            ),
            Problem::SexDisagreesWithPatronymic { sex } => write!(
                f,
                "Указан {sex} пол, а отчество говорит о другом. Проверьте пол и отчество."
            ),
            Problem::UnusualAge { age, on } => write!(
                f,
                "На {on} возраст {age} (обычно от 5 до 20 лет): проверьте год рождения."
            ),
            Problem::BadRate => write!(
                f,
                "Ставка — число больше 0 и не больше 3, например 1, 0,5 или 1,25."
            ),
            Problem::LeaveBeforeHire => write!(
                f,
                "Дата увольнения раньше даты приёма: проверьте даты."
            ),
            Problem::PositionInUse { uses } => write!(
                f,
                "Должность занимают или занимали сотрудники ({uses} назначений), удалить её нельзя."
            ),
            Problem::StaffInUse { uses } => write!(
                f,
                "Сотрудник указан в других записях ({uses}), например классным руководителем, \
                 поэтому удалить его нельзя. Если он уволился, укажите дату увольнения."
            ),
            Problem::LeavingClassTeacher { classes } => write!(
                f,
                "Сотрудник — классный руководитель ({classes}). Назначьте классу другого \
                 классного руководителя."
            ),
            Problem::ClassLetter => write!(
                f,
                "Литера — одна-три русские буквы или цифры, например «А»; может быть пустой."
            ),
            Problem::DuplicateClass { label } => write!(
                f,
                "Класс «{label}» в этом учебном году уже есть: выберите другую литеру."
            ),
            Problem::ProfileOnlySenior => {
                write!(f, "Профиль обучения бывает только у 10 и 11 классов.")
            }
            Problem::ProfileRequired => {
                write!(f, "У профильного класса укажите профиль обучения.")
            }
            Problem::OtherYear => write!(
                f,
                "Выбранное относится к другому учебному году: выберите из года класса."
            ),
            Problem::ClassTeacherLeft { name } => write!(
                f,
                "{name} не работает в школе (уволен(а)): классным руководителем может быть \
                 только работающий сотрудник."
            ),
            Problem::GradeOfJointSplit { split } => write!(
                f,
                "Класс входит в общее деление на подгруппы «{split}» с классами той же параллели: \
                 сначала удалите это деление, потом меняйте параллель."
            ),
            Problem::ClassNotEmpty { students } => write!(
                f,
                "В классе есть обучающиеся ({students}): сначала переведите их или оформите выбытие."
            ),
            Problem::DuplicateFileNumber { number, name } => write!(
                f,
                "Личное дело № «{number}» уже есть: {name}. У каждого обучающегося свой номер."
            ),
            Problem::ConsentOfOnePerson => write!(
                f,
                "Согласие даёт один человек: обучающийся или один из законных представителей."
            ),
            Problem::StudentRepeated { row, name } => write!(
                f,
                "Строка {row} — о том же обучающемся ({name}, та же дата рождения): у каждого \
                 обучающегося одна строка. Удалите лишнюю строку."
            ),
            Problem::StudentDeparted { name, on } => write!(
                f,
                "{name} выбыл(а) из школы {on}. Если обучающийся вернулся, оформите его \
                 прибытие (карточка ученика, «Движение») и загрузите файл снова; иначе удалите \
                 строку."
            ),
            Problem::ImportCancelled => {
                write!(f, "Импорт отменён, в базе ничего не изменилось.")
            }
            Problem::FileNumberPattern { detail } => write!(
                f,
                "Шаблон номера личного дела: {detail}. Пример: «{{буква}}/{{n}}» — первая буква \
                 фамилии и следующий номер этой буквы («В/13»)."
            ),
            Problem::ClassTooBig {
                label,
                before,
                after,
                limit,
                primary,
            } => {
                let whose = if *primary {
                    "предел для 1–4 классов"
                } else {
                    "наибольшая наполняемость класса в карте школы"
                };
                write!(
                    f,
                    "В {label} классе станет учеников: {after} (было {before}) — больше {limit}, \
                     а это {whose}. Проверьте, тот ли это класс, или разделите список."
                )
            }
            Problem::ClassWithoutTermScheme { label } => write!(
                f,
                "У {label} класса не выбраны учебные периоды, поэтому отметки ставятся только \
                 за год. Выберите шаблон периодов (четверти, полугодия) в столбце «Учебные \
                 периоды» на экране «Классы»."
            ),
            Problem::YearWithoutTermSchemes { year } => write!(
                f,
                "В {year} учебном году нет учебных периодов (четвертей, полугодий), поэтому \
                 отметки ставятся только за год. Создайте шаблоны периодов на экране «Учебные \
                 годы и периоды», затем выберите их классам."
            ),
            Problem::ClassWithoutCurriculum { label } => write!(
                f,
                "У {label} класса нет учебного плана, поэтому нет и предметов. Назначьте классу \
                 план на экране «Учебные планы»."
            ),
            Problem::YearWithoutBells { year } => write!(
                f,
                "В {year} учебном году нет расписания звонков, поэтому в неделях классов нет \
                 уроков. Составьте его на экране «Расписание звонков», затем выберите классам."
            ),
            Problem::ClassWithoutLoad { label } => write!(
                f,
                "Учителя {label} класса ещё не назначены, поэтому ставить в расписание нечего. \
                 Распределите нагрузку на экране «Нагрузка»."
            ),
            Problem::FileNumberRepeated { number, row } => write!(
                f,
                "Личное дело № «{number}» уже есть в строке {row} этого файла. У каждого \
                 обучающегося свой номер."
            ),
            // What the user can do about it is added where it is seen: the app names its
            // controls, the CLI its flags (`Preview::with_remedies`).
            Problem::UnknownClass { label } => {
                write!(f, "Класса «{label}» в текущем учебном году нет.")
            }
            Problem::UnknownClassInYear { label, year } => {
                write!(f, "Класса «{label}» в {year} учебном году нет.")
            }
            Problem::NotAClass { value } => write!(
                f,
                "«{value}» — не класс. Пишите класс как «5 А», «5А» или «5-а»."
            ),
            Problem::ClassNotGiven => {
                write!(f, "Не указан класс: неясно, в какой класс загружать ученика.")
            }
            Problem::NoCurrentYear => write!(
                f,
                "Не задан текущий учебный год: создайте его, затем загружайте список."
            ),
            Problem::UnknownPosition { name, known } => write!(
                f,
                "Должности «{name}» нет в справочнике. Есть: {known}."
            ),
            Problem::StaffRowsDisagree { row, value } => write!(
                f,
                "Этот сотрудник уже есть в строке {row} этого файла, а там в этом столбце «{value}». \
                 Строки одного сотрудника должны совпадать во всём, кроме должности, ставки и \
                 приёма."
            ),
            Problem::PositionRepeated { position, row } => write!(
                f,
                "Должность «{position}» у этого сотрудника уже указана в строке {row} этого \
                 файла. Одна должность — одна строка."
            ),
            Problem::SameStaffMemberTwice { row, name } => write!(
                f,
                "Эта строка и строка {row} относятся к одному сотруднику базы, «{name}», но в \
                 них разные СНИЛС или дата рождения. Исправьте одну из них."
            ),
            Problem::StaffRowNotImported { rows } => write!(
                f,
                "Сотрудник не загружается из-за ошибок в строке {rows}: исправьте их."
            ),
            Problem::MandatoryNeedsSubject => write!(
                f,
                "Строка обязательной части — учебный предмет: выберите предмет из списка."
            ),
            Problem::LineWithoutName => write!(
                f,
                "Выберите предмет или впишите название курса."
            ),
            Problem::DuplicateLine { name } => write!(
                f,
                "«{name}» уже есть в этой части плана: оставьте одну строку и поправьте часы в ней."
            ),
            Problem::BadHours { max } => write!(
                f,
                "Часы в неделю — число от 0 до {max}, целое или с половиной: 0,5; 1; 1,5…"
            ),
            Problem::NoHours => write!(
                f,
                "Укажите часы хотя бы в одном полугодии или удалите строку."
            ),
            Problem::AboveSanitaryMax {
                half,
                hours,
                max,
                grade,
                week_days,
            } => write!(
                f,
                "В {half}-м полугодии {hours} ч в неделю — больше допустимых {max} ч для \
                 {grade} класса при {week_days}-дневной неделе (СанПиН 1.2.3685-21, табл. 6.6). \
                 Уменьшите часы части, формируемой участниками."
            ),
            Problem::TemplateOtherGrade { template, class } => write!(
                f,
                "Шаблон «{template}» составлен для другой параллели, чем класс {class}: выберите \
                 шаблон параллели класса или скопируйте этот шаблон в нужную параллель."
            ),
            Problem::NotATemplate => write!(
                f,
                "Назначить классу можно только шаблон учебного плана: выберите шаблон."
            ),
            Problem::StudentNotInYear => write!(
                f,
                "Обучающийся не зачислен ни в один класс этого учебного года: ИУП составляется \
                 для ученика класса. Сначала зачислите его в класс."
            ),
            Problem::CurriculumExists { what } => write!(
                f,
                "У {what} учебный план уже есть: откройте его и измените."
            ),
            Problem::ProfileMismatch { template, class } => write!(
                f,
                "Профиль шаблона «{template}» не совпадает с профилем класса {class}: проверьте, \
                 тот ли шаблон выбран."
            ),
            Problem::UnknownLevel { value } => write!(
                f,
                "«{value}» — не уровень образования. Укажите 1-4, 5-9 или 10-11."
            ),
            Problem::CurriculumMoved => write!(
                f,
                "Учебный план не переносится в другой год, другому классу или ученику: \
                 создайте новый или скопируйте этот."
            ),
            Problem::SplitGrades { labels } => write!(
                f,
                "Вместе делятся только классы одной параллели, а выбраны {labels}. \
                 Выберите классы одной параллели."
            ),
            Problem::AlreadySplit { label, subject } => write!(
                f,
                "Класс {label} уже разделён на подгруппы по предмету «{subject}»: откройте \
                 это деление в списке."
            ),
            Problem::SplitBySexNeedsTwo => write!(
                f,
                "По полу делят на две подгруппы: мальчики и девочки. Укажите две подгруппы."
            ),
            Problem::NotInSplit { name } => write!(
                f,
                "{name} не учится в классах этого деления: сначала переведите ученика в класс."
            ),
            Problem::TooFewSubgroups => write!(
                f,
                "Подгрупп должно быть не меньше двух. Чтобы не делить класс, удалите деление целиком."
            ),
            Problem::LoadNotOfClass => write!(
                f,
                "Нагрузка распределяется по учебным планам классов: выберите строку плана класса."
            ),
            Problem::TeacherLeft { name } => write!(
                f,
                "{name} уже не работает в школе: нагрузку назначить нельзя. Выберите другого учителя."
            ),
            Problem::SubjectSplitForClass { class, subject } => write!(
                f,
                "В классе {class} предмет «{subject}» делится на подгруппы: назначьте учителя \
                 каждой подгруппе."
            ),
            Problem::SubgroupNotOfLine { class, subject } => write!(
                f,
                "Это не подгруппа класса {class} по предмету «{subject}»: выберите подгруппу \
                 из деления этого класса."
            ),
            Problem::LoadAboveLine { assigned, line } => write!(
                f,
                "По учебному плану {line} ч. в неделю, другим учителям уже назначено {assigned} ч.: \
                 больше назначить нельзя. Уменьшите часы."
            ),
            Problem::LoadUnassigned { what, hours } => {
                write!(f, "{what}: не назначено {hours} ч. в неделю.")
            }
            Problem::LoadOverAssigned { what, hours } => write!(
                f,
                "{what}: назначено на {hours} ч. в неделю больше, чем по учебному плану. \
                 Уменьшите часы учителя."
            ),
            Problem::LoadMisplaced { what } => write!(
                f,
                "{what}: нагрузка назначена не так, как класс сейчас делится на подгруппы. \
                 Назначьте учителей заново."
            ),
            Problem::LoadOfTeacherWhoLeft { name, hours } => write!(
                f,
                "{name} уже не работает в школе, а за ним(ней) {hours} ч. в неделю: передайте \
                 часы другому учителю."
            ),
            Problem::LoadWithoutTeachingPosition { name } => write!(
                f,
                "{name} не занимает педагогической должности: проверьте назначение сотрудника."
            ),
            Problem::TeacherAboveMaxHours { name, hours, max } => write!(
                f,
                "{name}: {hours} ч. в неделю — больше {max}. Передайте часть часов другим учителям."
            ),
            Problem::DocumentMissing { path } => write!(
                f,
                "Файла «{path}» больше нет: его переместили или удалили. Напечатайте документ ещё раз."
            ),
            Problem::NotADocument { path } => write!(
                f,
                "«{path}» — не документ PDF или Excel: программа открывает только свои документы."
            ),
            Problem::NotAReportFormat { path } => write!(
                f,
                "«{path}»: отчёт сохраняется в PDF (.pdf) или Excel (.xlsx) — укажите файл с одним из этих расширений."
            ),
            Problem::CannotOpenDocument { path, detail } => write!(
                f,
                "Не удалось открыть «{path}»: {detail} Откройте файл из его папки сами."
            ),
            Problem::OpenerMissing {
                program,
                package,
                folder,
            } => write!(
                f,
                "В системе нет программы {program}, через которую «Завуч» открывает документы \
                 и папки. Установите пакет {package} или откройте документ сами: он в папке \
                 «{folder}»."
            ),
            Problem::NoProgramForDocument {
                name,
                folder,
                spreadsheet,
            } => {
                let program = if *spreadsheet {
                    "для таблиц Excel (например, LibreOffice)"
                } else {
                    "для просмотра PDF (например, Okular, Evince или браузер)"
                };
                write!(
                    f,
                    "Не нашлось программы, которая открывает «{name}». Установите программу \
                     {program} или откройте файл сами: он в папке «{folder}»."
                )
            }
            Problem::NoFileManager { folder } => write!(
                f,
                "Не нашлось программы, которая показывает папки. Документ в папке «{folder}»: \
                 откройте её в файловом менеджере сами."
            ),
            Problem::TeacherBusy {
                teacher,
                class,
                when,
            } => write!(
                f,
                "{teacher} в это время ведёт урок в {class} ({when}). Выберите другое время \
                 или другого учителя."
            ),
            Problem::RoomBusy { room, class, when } => write!(
                f,
                "Кабинет {room} в это время занят: урок {class} ({when}). Выберите другой кабинет."
            ),
            Problem::ClassBusy {
                class,
                subject,
                when,
            } => write!(
                f,
                "У {class} в это время уже урок «{subject}» ({when}). Два урока одновременно \
                 бывают только у разных подгрупп одного деления."
            ),
            Problem::NoSuchLessonNumber {
                class,
                lesson,
                schedule,
            } => write!(
                f,
                "У {class} нет {lesson}-го урока: его нет в расписании звонков «{schedule}». \
                 Выберите урок из расписания звонков класса."
            ),
            Problem::ClassWithoutBells { class } => write!(
                f,
                "Классу {class} не назначено расписание звонков: выберите его в карточке класса."
            ),
            Problem::DayOutsideWeek { day, week_days } => write!(
                f,
                "{day} — не учебный день: в школе {week_days}-дневная учебная неделя."
            ),
            Problem::LessonTeacherLeft { name } => write!(
                f,
                "{name} уже не работает в школе: урок с ним поставить нельзя. Передайте его \
                 нагрузку другому учителю."
            ),
            Problem::AboveDailyLimit {
                class,
                day_at,
                lessons,
                max,
                source,
            } => write!(
                f,
                "У {class} {day_at} {lessons} уроков — больше допустимых {max} ({source}). \
                 Перенесите урок на другой день."
            ),
            Problem::PlacedDiffersFromLoad {
                what,
                placed,
                hours,
                half,
            } => write!(
                f,
                "{what}: в расписании {placed} ур. в неделю, а по нагрузке {hours} ч \
                 ({half}-е полугодие)."
            ),
            Problem::DifficultyPeak {
                class,
                day,
                peak,
                midweek,
            } => write!(
                f,
                "У {class} самый трудный день — {day} ({peak} баллов), а во вторник и среду \
                 не больше {midweek}: по СанПиН 1.2.3685-21 наибольшая нагрузка должна \
                 приходиться на вторник и (или) среду."
            ),
            Problem::SubjectTwiceADay {
                class,
                subject,
                day_at,
                count,
            } => write!(
                f,
                "У {class} {day_at} «{subject}» {count} раза: проверьте, так ли задумано \
                 (например, спаренный урок)."
            ),
            Problem::TeacherGaps {
                teacher,
                day_at,
                gaps,
            } => write!(
                f,
                "{teacher}: {day_at} окна между уроками — {gaps}."
            ),
            Problem::SubstitutionWrongDay { date, day } => write!(
                f,
                "{date} — {day}, а этот урок стоит в расписании в другой день. Выберите урок \
                 этого дня."
            ),
            Problem::SubstitutionChangesNothing => write!(
                f,
                "Замена ничего не меняет: укажите другого учителя, кабинет или предмет."
            ),
            Problem::SubstituteBusy {
                teacher,
                class,
                lesson,
            } => write!(
                f,
                "{teacher} в это время ({lesson} урок) ведёт урок в {class}. Выберите другого \
                 учителя."
            ),
            Problem::SubstituteRoomBusy {
                room,
                class,
                lesson,
            } => write!(
                f,
                "Кабинет {room} в это время ({lesson} урок) занят: урок {class}. Выберите \
                 другой кабинет."
            ),
            Problem::LessonNotInHalf { half } => write!(
                f,
                "Этот урок идёт только в {half}-м полугодии, а дата — в другом. Проверьте дату."
            ),
            Problem::ThematicNumberGap { expected } => write!(
                f,
                "Здесь должен быть урок № {expected}: уроки нумеруются подряд, без пропусков и повторов."
            ),
            Problem::NoSectionName => write!(
                f,
                "Не указан раздел: впишите его название в первой строке плана (пустая ячейка ниже значит «тот же раздел»)."
            ),
            Problem::DateOutsideYear { date, year } => {
                write!(f, "{date} — вне учебного года {year}. Укажите дату этого года.")
            }
            Problem::DateOnHoliday { date, holiday } => write!(
                f,
                "{date} — каникулы («{holiday}»), уроков нет. Укажите учебный день."
            ),
            Problem::ThematicPlanExists { what } => write!(
                f,
                "План {what} уже есть: откройте его, или удалите, чтобы составить заново."
            ),
            Problem::NoLessonsInTimetable { what } => write!(
                f,
                "В расписании нет уроков {what}: сначала поставьте их в расписание, затем распределите даты."
            ),
            Problem::LessonDatesShort { topics } => write!(
                f,
                "Уроков по расписанию до конца года не хватило: темам № {topics} поставьте даты вручную или уменьшите часы."
            ),
            Problem::PlanHoursDiffer {
                plan,
                curriculum,
                difference,
            } => write!(
                f,
                "В плане {plan} ч, а по учебному плану {curriculum} ч в год (разница {difference} ч). Скопируйте всё равно и поправьте темы, или возьмите другой план."
            ),
            Problem::CopyOtherGrade { class } => write!(
                f,
                "{class} — класс другой параллели: план копируется только в класс той же параллели."
            ),
            Problem::NoLastYearPlan { what } => write!(
                f,
                "В прошлом учебном году нет плана {what}: составьте план или загрузите его из файла."
            ),
            Problem::UnknownSubjectName { name } => write!(
                f,
                "Предмета «{name}» нет в справочнике: проверьте название (как в «Предметах»)."
            ),
            Problem::UnknownSubgroup { name, what, known } => write!(
                f,
                "Подгруппы «{name}» у {what} нет. Подгруппы: {known}."
            ),
            Problem::NoThematicPlan { what } => write!(
                f,
                "Плана {what} ещё нет: составьте его или загрузите из файла."
            ),
            Problem::ThematicTopicsRemoved { numbers } => write!(
                f,
                "Уроков № {numbers} нет в файле: после загрузки их не будет в плане."
            ),
            Problem::NoMarksInGrade1 { class } => write!(
                f,
                "В {class} классе отметки не ставятся: в 1 классе обучение безотметочное."
            ),
            Problem::PeriodClosed { period, class } => write!(
                f,
                "Период «{period}» у {class} класса закрыт: отметки и пропуски не меняются. \
                 Чтобы исправить, откройте период заново (с указанием причины)."
            ),
            Problem::PeriodNotClosed { period, class } => write!(
                f,
                "Период «{period}» у {class} класса не закрыт: открывать заново нечего."
            ),
            Problem::UnknownPeriod { name, known } => write!(
                f,
                "Периода «{name}» нет. Периоды: {known}."
            ),
            Problem::NotAMark { text } => write!(
                f,
                "«{text}» — не отметка. Допустимо: 5, 4, 3, 2, зачтено (зч), не зачтено (нз), \
                 н/а, осв; пустая клетка — отметки нет."
            ),
            Problem::MarkKindMismatch {
                value,
                subject,
                expected,
            } => write!(
                f,
                "«{value}» не подходит для предмета «{subject}»: по нему ставится {expected}."
            ),
            Problem::SubjectNotStudied { subject, student } => write!(
                f,
                "Предмета «{subject}» нет в учебном плане ученика {student} в этом периоде."
            ),
            Problem::StudentNotInClass { student, class } => write!(
                f,
                "Ученик {student} не числится в {class} классе в этом учебном году."
            ),
            Problem::IllnessAboveMissed => write!(
                f,
                "Пропусков по болезни не может быть больше, чем всего пропущено уроков."
            ),
            Problem::DistrictUrlUnreadable => write!(
                f,
                "Адрес не читается. Впишите его так, как дало управление образования: \
                 postgresql://пользователь@сервер:5432/база — или оставьте поле пустым."
            ),
            Problem::DistrictNoUrl => write!(
                f,
                "В карте школы не указан адрес сервера управления образования: впишите его, как \
                 дало управление образования, в разделе «Карта школы»."
            ),
            Problem::DistrictUrlWithPassword => write!(
                f,
                "В адресе записан пароль, а карта школы хранится в файле и его копиях. \
                 Уберите пароль из адреса: программа спросит его при отправке."
            ),
            Problem::DistrictNoInn => write!(
                f,
                "В карте школы не заполнен ИНН: управление образования различает школы по ИНН. \
                 Заполните его в разделе «Школа» или командой `zavuch-cli school set --inn …`."
            ),
            Problem::NoTermBegunBy { date } => write!(
                f,
                "На {date} не начался ни один учебный период: итогов успеваемости на этот день \
                 ещё нет."
            ),
            Problem::ReportDayOutsideYear { date, year } => write!(
                f,
                "{date} — вне учебного года {year}: отчёты для управления образования \
                 составляются на день этого учебного года."
            ),
            Problem::PackageFolderTaken { folder } => write!(
                f,
                "Папка «{folder}» уже есть, и в ней не пакет отчётов: уберите её или выберите \
                 для пакета другое место."
            ),
            Problem::NoTermBegun { year } => write!(
                f,
                "В {year} учебном году ещё не начался ни один учебный период: укажите период, \
                 например «1 четверть»."
            ),
            Problem::StudentWithoutClass { student, year } => write!(
                f,
                "{student} не числится ни в одном классе в {year} учебном году: отметок за этот год нет."
            ),
            Problem::AbsencesOnlyPerTerm => write!(
                f,
                "Пропуски уроков учитываются по четвертям (триместрам, полугодиям), а не за год."
            ),
            Problem::MarkStudentUnknown { who, class, period } => write!(
                f,
                "{who} — такого ученика нет в списке {class} класса за период «{period}». \
                 Проверьте ФИО и № личного дела (как в списке класса) и класс, в который \
                 загружается файл."
            ),
            Problem::MarkStudentAmbiguous { name, class } => write!(
                f,
                "В {class} классе несколько учеников «{name}»: укажите № личного дела, чтобы \
                 было ясно, чьи это отметки."
            ),
            Problem::MarkFileNumberOfOther {
                number,
                owner,
                name,
            } => write!(
                f,
                "№ личного дела {number} — у ученика {owner}, а в строке {name}. Проверьте \
                 номер или ФИО."
            ),
            Problem::MarkFileNumberUnknown {
                number,
                name,
                stored,
            } => {
                let card = if stored.is_empty() {
                    "в карточке номера нет".to_string()
                } else {
                    format!("в карточке — {stored}")
                };
                write!(
                    f,
                    "№ личного дела {number} в классе не найден; ученик {name} найден по ФИО, \
                     отметки загружаются ему ({card}). Проверьте номер."
                )
            }
            Problem::MarkRowNoStudent => write!(
                f,
                "В строке нет ни ФИО, ни № личного дела: неясно, чьи это отметки. Впишите \
                 ученика или удалите строку."
            ),
            Problem::MarkRowRepeated { row, name } => write!(
                f,
                "Ученик {name} уже есть в строке {row}: у каждого ученика одна строка. Удалите \
                 лишнюю."
            ),
            Problem::MarkSubjectColumnUnknown {
                name,
                class,
                period,
                known,
            } => write!(
                f,
                "«{name}» — такого предмета у {class} класса в периоде «{period}» нет. \
                 Предметы: {known}. Назовите столбец как предмет (полным или кратким \
                 названием) или удалите его."
            ),
            Problem::PeriodClosedNowhere { period } => write!(
                f,
                "Период «{period}» не закрыт ни у одного класса: открывать заново нечего."
            ),
            Problem::ArchiveFolderTaken { folder } => write!(
                f,
                "В папке «{folder}» уже есть архивная копия (файл manifest-sha256.txt). \
                 Выберите для новой копии пустую папку, чтобы не затереть прежнюю."
            ),
            Problem::ArchiveSameFolder => write!(
                f,
                "Вторая папка совпадает с первой. Для второй копии выберите другую папку, \
                 лучше на другом диске или флешке."
            ),
            Problem::ArchiveNoManifest { folder } => write!(
                f,
                "В папке «{folder}» нет файла manifest-sha256.txt: это не архивная копия \
                 или опись удалена. Выберите папку архивной копии."
            ),
            Problem::ArchiveManifestLine { line } => write!(
                f,
                "Строка {line} файла manifest-sha256.txt испорчена: ожидается контрольная \
                 сумма SHA-256, два пробела и имя файла. Опись изменена — проверьте папку \
                 по второй копии."
            ),
            Problem::ArchiveDamaged { folder, files } => write!(
                f,
                "Архивная копия в папке «{folder}» не совпадает с описью: {files}. Возьмите \
                 эти файлы из второй копии или сделайте копию заново."
            ),
            Problem::PrintCancelled { done, total } => write!(
                f,
                "Печать остановлена: напечатано классов {done} из {total}. Уже сохранённые \
                 файлы остались в папке; чтобы напечатать все, начните печать заново."
            ),
            Problem::Movement(p) => fmt::Display::fmt(p, f),
            Problem::Staff(p) => fmt::Display::fmt(p, f),
            Problem::YearEnd(p) => fmt::Display::fmt(p, f),
            Problem::Backup(p) => fmt::Display::fmt(p, f),
            Problem::Encryption(p) => fmt::Display::fmt(p, f),
            Problem::Account(p) => fmt::Display::fmt(p, f),
            Problem::BadFile(p) => fmt::Display::fmt(p, f),
            Problem::Fet(p) => fmt::Display::fmt(p, f),
            Problem::FetImport(p) => fmt::Display::fmt(p, f),
            Problem::Generate(p) => fmt::Display::fmt(p, f),
            Problem::Program(p) => fmt::Display::fmt(p, f),
            Problem::Storage(p) => fmt::Display::fmt(p, f),
        }
    }
}
