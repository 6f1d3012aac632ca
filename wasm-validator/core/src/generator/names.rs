//! Small lists of realistic Russian values for generated reports: surnames,
//! first names and patronymics (male forms; the female forms are derived),
//! goods and services, units, addresses, free-text remarks.

/// Male surnames; the female form adds «а» (all end in -ов, -ев, -ин).
pub(super) const SURNAMES: &[&str] = &[
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Федоров",
    "Морозов", "Волков", "Алексеев", "Лебедев", "Семенов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьев", "Борисов", "Яковлев", "Григорьев",
    "Романов", "Воробьев", "Сергеев", "Фролов", "Беляев", "Тарасов", "Белов", "Комаров", "Киселев", "Ильин",
];

/// Male first names.
pub(super) const MALE_NAMES: &[&str] = &[
    "Александр", "Алексей", "Андрей", "Дмитрий", "Евгений", "Иван", "Максим", "Михаил", "Николай", "Павел",
    "Сергей", "Владимир", "Артем", "Игорь", "Олег", "Роман", "Кирилл", "Денис", "Виктор", "Юрий",
];

/// Female first names.
pub(super) const FEMALE_NAMES: &[&str] = &[
    "Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Мария", "Екатерина", "Юлия",
    "Анастасия", "Марина", "Дарья", "Ксения", "Людмила", "Галина", "Вера", "Надежда", "Алина", "Полина",
];

/// Male patronymics; the female form replaces the final «ич» by «на».
pub(super) const PATRONYMICS: &[&str] = &[
    "Александрович", "Алексеевич", "Андреевич", "Дмитриевич", "Евгеньевич", "Иванович", "Максимович", "Михайлович",
    "Николаевич", "Павлович", "Сергеевич", "Владимирович", "Игоревич", "Олегович", "Романович", "Викторович",
    "Юрьевич", "Петрович", "Борисович", "Федорович",
];

/// Goods and services (names of lines, items).
pub(super) const GOODS: &[&str] = &[
    "Бумага офисная А4", "Картридж лазерный", "Ручка шариковая синяя", "Папка-регистратор", "Степлер настольный",
    "Скрепки металлические", "Монитор 24 дюйма", "Клавиатура проводная", "Мышь оптическая", "Кабель USB 2 м",
    "Стол письменный", "Кресло офисное", "Услуги связи", "Консультационные услуги", "Доставка груза",
    "Ремонт оборудования", "Цемент М500", "Кирпич облицовочный", "Доска обрезная 50х150", "Краска фасадная белая",
    "Молоко 3,2%", "Хлеб пшеничный", "Сахар-песок", "Масло подсолнечное", "Кофе молотый", "Чай черный",
    "Бензин АИ-95", "Дизельное топливо", "Шины летние R16", "Аккумулятор 60 Ач",
];

/// Units of measure (names).
pub(super) const UNITS: &[&str] = &["шт", "кг", "м", "л", "упак", "компл", "т", "м2", "усл. ед", "ч"];

/// Street addresses.
pub(super) const ADDRESSES: &[&str] = &[
    "г. Москва, ул. Тверская, д. 7", "г. Санкт-Петербург, Невский пр-т, д. 28", "г. Казань, ул. Баумана, д. 15",
    "г. Новосибирск, Красный пр-т, д. 50", "г. Екатеринбург, ул. Ленина, д. 24", "г. Нижний Новгород, ул. Рождественская, д. 3",
    "г. Самара, ул. Куйбышева, д. 92", "г. Омск, ул. Ленина, д. 10", "г. Ростов-на-Дону, ул. Садовая, д. 47",
    "г. Уфа, ул. Ленина, д. 31",
];

/// Free-text remarks.
pub(super) const REMARKS: &[&str] = &[
    "Основное", "Дополнительно", "Согласно договору", "По заявке", "Плановое", "Текущее", "Прочее", "Резерв",
    "По счету", "Согласно акту",
];

/// A surname in the given gender.
pub(super) fn surname(i: usize, female: bool) -> String {
    let s = SURNAMES[i % SURNAMES.len()];
    if female {
        format!("{s}а")
    } else {
        s.to_string()
    }
}

/// A first name in the given gender.
pub(super) fn first_name(i: usize, female: bool) -> &'static str {
    let list = if female { FEMALE_NAMES } else { MALE_NAMES };
    list[i % list.len()]
}

/// A patronymic in the given gender.
pub(super) fn patronymic(i: usize, female: bool) -> String {
    let p = PATRONYMICS[i % PATRONYMICS.len()];
    match (female, p.strip_suffix("ич")) {
        (true, Some(stem)) => format!("{stem}на"),
        _ => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn female_forms() {
        assert_eq!(surname(0, true), "Иванова");
        assert_eq!(patronymic(5, true), "Ивановна");
        assert_eq!(patronymic(16, true), "Юрьевна");
        assert_eq!(patronymic(5, false), "Иванович");
    }
}
