package gazetteer

import "strings"

// Corps is the 新疆生产建设兵团 (Xinjiang Production and Construction Corps):
// not a division, but a province-level unit in the lists, whose cities are
// coded under Xinjiang (6590xx).
const Corps = "新疆生产建设兵团"

// CorpsEnglish is the English name of the Corps.
const CorpsEnglish = "Xinjiang Production and Construction Corps"

// Unit is a province-level unit a list may name: one of the 31 provinces,
// autonomous regions and municipalities, or the Corps.
type Unit struct {
	Name  string // full name, as the lists print it and the rows carry it
	Short string // the name without its type word: 北京, 内蒙古, 兵团
	Code  string // the province code; the Corps has Xinjiang's
}

// Units are the province-level units, in the order of their codes, the
// Corps last. A test holds the provinces to the embedded table.
var Units = []Unit{
	{"北京市", "北京", "110000"}, {"天津市", "天津", "120000"}, {"河北省", "河北", "130000"},
	{"山西省", "山西", "140000"}, {"内蒙古自治区", "内蒙古", "150000"}, {"辽宁省", "辽宁", "210000"},
	{"吉林省", "吉林", "220000"}, {"黑龙江省", "黑龙江", "230000"}, {"上海市", "上海", "310000"},
	{"江苏省", "江苏", "320000"}, {"浙江省", "浙江", "330000"}, {"安徽省", "安徽", "340000"},
	{"福建省", "福建", "350000"}, {"江西省", "江西", "360000"}, {"山东省", "山东", "370000"},
	{"河南省", "河南", "410000"}, {"湖北省", "湖北", "420000"}, {"湖南省", "湖南", "430000"},
	{"广东省", "广东", "440000"}, {"广西壮族自治区", "广西", "450000"}, {"海南省", "海南", "460000"},
	{"重庆市", "重庆", "500000"}, {"四川省", "四川", "510000"}, {"贵州省", "贵州", "520000"},
	{"云南省", "云南", "530000"}, {"西藏自治区", "西藏", "540000"}, {"陕西省", "陕西", "610000"},
	{"甘肃省", "甘肃", "620000"}, {"青海省", "青海", "630000"}, {"宁夏回族自治区", "宁夏", "640000"},
	{"新疆维吾尔自治区", "新疆", "650000"},
	{Corps, "兵团", "650000"},
}

// unitNames maps the full and short names of every unit to its entry.
var unitNames = func() map[string]*Unit {
	m := make(map[string]*Unit, 2*len(Units))
	for i := range Units {
		m[Units[i].Name] = &Units[i]
		m[Units[i].Short] = &Units[i]
	}
	return m
}()

// UnitNamed returns the unit a list names by its full or short name: 北京市
// or 北京, 兵团 for the Corps.
func UnitNamed(s string) (*Unit, bool) {
	u, ok := unitNames[s]
	return u, ok
}

// LooksLikeUnit reports whether s is shaped like the name of a
// province-level unit (省, 自治区, 兵团), though it may be none.
func LooksLikeUnit(s string) bool {
	return strings.HasSuffix(s, "省") || strings.HasSuffix(s, "自治区") || strings.HasSuffix(s, "兵团")
}

// English is the English name of the unit of the given full name: the
// table's for a province, CorpsEnglish for the Corps.
func (g *Gazetteer) English(unit string) string {
	if unit == Corps {
		return CorpsEnglish
	}
	if d, ok := g.provinces[unit]; ok {
		return d.English
	}
	return ""
}
