//! Columns that identify people: by header (IP, e-mail, phone, name, nickname, 姓名,
//! 手机, 邮箱, 昵称, 来自IP, …) or by values that are e-mail addresses, phone numbers or
//! IP addresses. Such columns are left out of every output unless the user asks.

/// Headers (normalised: lower case, no spaces, `_` or `-`) that are personal data.
const EXACT: &[&str] = &[
    "ip",
    "ipaddress",
    "ipaddr",
    "来自ip",
    "ip地址",
    "email",
    "emailaddress",
    "e-mail",
    "邮箱",
    "电子邮件",
    "phone",
    "mobile",
    "电话",
    "手机",
    "手机号",
    "name",
    "firstname",
    "lastname",
    "fullname",
    "姓名",
    "nickname",
    "昵称",
    "微信昵称",
    "用户标识",
    "提交人",
    "recipientemail",
    "recipientfirstname",
    "recipientlastname",
    "token",
];

/// Phrases in a question's text that ask for personal data.
const PHRASES: &[&str] = &[
    "姓名",
    "您的名字",
    "手机号",
    "电话号码",
    "联系电话",
    "联系方式",
    "邮箱",
    "电子邮件地址",
    "微信号",
    "身份证",
    "工号",
    "学号",
    "qq号",
    "住址",
    "e-mail",
    "email address",
    "phone number",
    "mobile number",
    "telephone number",
    "your name",
    "full name",
    "first name",
    "last name",
    "ip address",
    "home address",
];

/// Whether a header or question text asks for personal data.
pub fn personal_header(text: &str) -> bool {
    let n: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect();
    if EXACT.contains(&n.as_str()) {
        return true;
    }
    let lower = text.to_lowercase();
    PHRASES.iter().any(|p| lower.contains(p))
}

fn is_email(v: &str) -> bool {
    let Some((user, domain)) = v.split_once('@') else {
        return false;
    };
    !user.is_empty() && !user.contains(' ') && domain.contains('.') && !domain.contains(' ')
}

fn is_phone(v: &str) -> bool {
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let allowed = v
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    // Chinese mobile numbers (1[3-9]x, 11 digits) or international numbers.
    allowed
        && ((digits.len() == 11
            && digits.starts_with('1')
            && !digits.starts_with("10")
            && !digits.starts_with("11")
            && !digits.starts_with("12"))
            || (v.starts_with('+') && (8..=15).contains(&digits.len())))
}

fn is_ipv4(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// Whether most of a column's answers (at least 3) are e-mail addresses, phone
/// numbers or IP addresses (`1.2.3.4(上海)` as 问卷星 writes them included).
pub fn personal_values(values: &[&str]) -> bool {
    if values.len() < 3 {
        return values.iter().any(|v| is_email(v));
    }
    let hits = values
        .iter()
        .filter(|v| {
            let v = v.trim();
            let ip = v.split(['(', '（']).next().unwrap_or(v).trim();
            is_email(v) || is_phone(v) || is_ipv4(ip)
        })
        .count();
    hits * 10 >= values.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_headers_and_values() {
        assert!(personal_header("来自IP"));
        assert!(personal_header("1、您的姓名"));
        assert!(personal_header("Email Address"));
        assert!(!personal_header("电话沟通是否及时"));
        assert!(!personal_header("3、流程效率"));
        assert!(personal_values(&["a@b.cn", "c@d.com", "13812345678"]));
        assert!(personal_values(&["1.2.3.4(上海)", "10.0.0.1", "8.8.8.8"]));
        assert!(!personal_values(&["研发部", "测试部", "法务部"]));
        assert!(!personal_values(&["5", "4", "3"]));
    }
}
