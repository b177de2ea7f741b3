package gazetteer

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestLookupPins(t *testing.T) {
	g := Default()
	for _, tc := range []struct {
		province, area string
		code           string
		level          Level
		english        string
	}{
		{"北京市", "朝阳区", "110105", District, "Chaoyang District, Beijing"},
		{"北京市", "海淀区", "110108", District, "Haidian District"},
		{"天津市", "河北区", "120105", District, "Hebei District"},
		{"天津市", "宝坻区", "120115", District, "Baodi District"},
		{"山西省", "晋城市", "140500", PrefectureCity, "Jincheng City"},
		{"内蒙古自治区", "呼伦贝尔市", "150700", PrefectureCity, "Hulunbuir City"},
		{"内蒙古自治区", "兴安盟", "152200", League, "Hinggan League"},
		{"黑龙江省", "七台河市", "230900", PrefectureCity, "Qitaihe City"},
		{"黑龙江省", "哈尔滨市", "230100", PrefectureCity, "Harbin City"},
		{"上海市", "浦东新区", "310115", NewArea, "Pudong New Area"},
		{"上海市", "闵行区", "310112", District, "Minhang District"},
		{"江苏省", "泰州市", "321200", PrefectureCity, "Taizhou City, Jiangsu"},
		{"浙江省", "台州市", "331000", PrefectureCity, "Taizhou City, Zhejiang"},
		{"浙江省", "衢州市", "330800", PrefectureCity, "Quzhou City"},
		{"安徽省", "滁州市", "341100", PrefectureCity, "Chuzhou City"},
		{"山东省", "泰安市", "370900", PrefectureCity, "Tai'an City"},
		{"广东省", "深圳市", "440300", PrefectureCity, "Shenzhen City"},
		{"四川省", "攀枝花市", "510400", PrefectureCity, "Panzhihua City"},
		{"云南省", "楚雄彝族自治州", "532300", AutonomousPrefecture, "Chuxiong Yi Autonomous Prefecture"},
		{"西藏自治区", "日喀则市", "540200", PrefectureCity, "Xigaze City"},
		{"西藏自治区", "林芝市", "540400", PrefectureCity, "Nyingchi City"},
		{"西藏自治区", "昌都市", "540300", PrefectureCity, "Qamdo City"},
		{"陕西省", "延安市", "610600", PrefectureCity, "Yan'an City"},
		{"新疆维吾尔自治区", "乌鲁木齐市", "650100", PrefectureCity, "Urumqi City"},
		{"新疆维吾尔自治区", "巴音郭楞蒙古自治州", "652800", AutonomousPrefecture, "Bayingolin Mongol Autonomous Prefecture"},
		{"新疆生产建设兵团", "石河子市", "659001", CorpsCity, "Shihezi City"},
		{"新疆生产建设兵团", "五家渠市", "659004", CorpsCity, "Wujiaqu City"},
		// A short form, unique in its province.
		{"北京市", "朝阳", "110105", District, "Chaoyang District, Beijing"},
		// A county-level city inside a prefecture.
		{"江苏省", "昆山市", "320583", CountyCity, "Kunshan City"},
		// A county-level unit written with its prefecture.
		{"江苏省", "南京市鼓楼区", "320106", District, "Gulou District"},
		// An autonomous county whose whole name is the people's.
		{"甘肃省", "东乡族自治县", "622926", County, "Dongxiang Autonomous County"},
		// A prefecture-level city without districts.
		{"广东省", "东莞市", "441900", PrefectureCity, "Dongguan City"},
	} {
		r := g.Lookup(tc.province, tc.area)
		d := r.Division
		if d == nil {
			t.Errorf("%s %s: not found (ambiguous %v, candidates %v)", tc.province, tc.area, r.Ambiguous, names(r.Candidates))
			continue
		}
		if d.Code != tc.code || d.Level != tc.level || d.English != tc.english {
			t.Errorf("%s %s = %s %s %q, want %s %s %q", tc.province, tc.area, d.Code, d.Level, d.English, tc.code, tc.level, tc.english)
		}
	}
}

func names(ds []*Division) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code+" "+d.Name)
	}
	return out
}

func TestLookupAmbiguity(t *testing.T) {
	g := Default()
	// The same name in two provinces: each lookup stays in its own.
	if d := g.Lookup("吉林省", "朝阳区").Division; d == nil || d.Code != "220104" {
		t.Errorf("吉林省 朝阳区 = %v, want 220104", d)
	}
	if r := g.Lookup("河北省", "朝阳区"); r.Division != nil {
		t.Errorf("河北省 朝阳区 = %s, want no match: lookups never cross provinces", r.Division.Code)
	}
	// Two districts of one province share a full name: report both.
	r := g.Lookup("江苏省", "鼓楼区")
	if r.Division != nil || !r.Ambiguous || len(r.Candidates) != 2 {
		t.Errorf("江苏省 鼓楼区 = %v %v %v, want two candidates", r.Division, r.Ambiguous, names(r.Candidates))
	}
	// A short form that matches a city and a county in one province.
	r = g.Lookup("辽宁省", "朝阳")
	if r.Division != nil || !r.Ambiguous || len(names(r.Candidates)) != 2 {
		t.Errorf("辽宁省 朝阳 = %v %v %v, want 朝阳市 and 朝阳县", r.Division, r.Ambiguous, names(r.Candidates))
	}
	// The prefecture-level unit wins over a county-level one of the same name.
	if d := g.Lookup("吉林省", "吉林市").Division; d == nil || d.Code != "220200" {
		t.Errorf("吉林省 吉林市 = %v, want 220200", d)
	}
	// A national-level new area without a code: its level and English
	// name, by either of its names, and no code.
	for _, name := range []string{"两江新区", "重庆两江新区"} {
		if d := g.Lookup("重庆市", name).Division; d == nil || d.Code != "" || d.Level != NewArea || d.English != "Liangjiang New Area" || d.HasPoint {
			t.Errorf("重庆市 %s = %+v, want the new area Liangjiang New Area without a code", name, d)
		}
	}
	if d := g.Lookup("四川省", "两江新区").Division; d != nil {
		t.Errorf("四川省 两江新区 = %+v, want none: a new area is of its province", d)
	}
	// Nothing matches: the nearest names are offered.
	r = g.Lookup("重庆市", "两江新城")
	if r.Division != nil || r.Ambiguous {
		t.Errorf("重庆市 两江新城 = %v, want no match", r.Division)
	}
	r = g.Lookup("江苏省", "泰洲市") // a misprint of 泰州市
	if r.Division != nil || len(r.Candidates) == 0 || r.Candidates[0].Code != "321200" {
		t.Errorf("江苏省 泰洲市: candidates %v, want 321200 first", names(r.Candidates))
	}
	// The corps resolves only to its own cities.
	if r := g.Lookup("新疆生产建设兵团", "乌鲁木齐市"); r.Division != nil {
		t.Errorf("兵团 乌鲁木齐市 = %s, want no match", r.Division.Code)
	}
}

func TestTable(t *testing.T) {
	g := Default()
	seen := map[string]bool{}
	for _, d := range g.Divisions() {
		if seen[d.Code] {
			t.Errorf("code %s twice", d.Code)
		}
		seen[d.Code] = true
		if z := d.Code[4:]; d.Level != Province && !d.Level.Prefectural() && z >= "71" && z <= "79" {
			t.Errorf("%s %s is a statistical zone", d.Code, d.Name)
		}
		if d.Name == "市辖区" || d.English == "" || d.Short == "" {
			t.Errorf("bad row %+v", d)
		}
		if d.HasPoint && (d.Lat < 3 || d.Lat > 54 || d.Lon < 73 || d.Lon > 136) {
			t.Errorf("%s %s: point %v,%v outside China", d.Code, d.Name, d.Lat, d.Lon)
		}
	}
	if len(g.provinces) != 31 {
		t.Errorf("%d provinces, want 31", len(g.provinces))
	}
}

// TestGenerate checks that the committed table is what go generate writes,
// and that writing it twice gives the same bytes.
func TestGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	dir := t.TempDir()
	var outs [][]byte
	for i := range 2 {
		out := filepath.Join(dir, "t"+string(rune('0'+i))+".tsv")
		cmd := exec.Command("go", "run", "./internal/gen", "-raw", "raw", "-out", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("gen: %v\n%s", err, msg)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, data)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs of the generator differ")
	}
	if !bytes.Equal(outs[0], []byte(table)) {
		t.Error("table.tsv is stale: run go generate ./generator/gazetteer")
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(table); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUnits holds the list of province-level units to the embedded table:
// every province of the table is a unit, with its name and code, in code
// order, and the Corps is last with Xinjiang's code.
func TestUnits(t *testing.T) {
	g := Default()
	var provinces []*Division
	for _, d := range g.Divisions() {
		if d.Level == Province {
			provinces = append(provinces, d)
		}
	}
	if len(Units) != len(provinces)+1 {
		t.Fatalf("%d units for %d provinces and the Corps", len(Units), len(provinces))
	}
	for i, d := range provinces {
		if u := Units[i]; u.Name != d.Name || u.Code != d.Code || u.Short != d.Short && !strings.HasPrefix(d.Name, u.Short) {
			t.Errorf("unit %d is %+v, the table has %s %s (%s)", i, u, d.Code, d.Name, d.Short)
		}
	}
	if c := Units[len(Units)-1]; c.Name != Corps || c.Code != "650000" {
		t.Errorf("the last unit is %+v, want the Corps", c)
	}
	for _, tc := range []struct{ name, want string }{{"北京", "北京市"}, {"宁夏", "宁夏回族自治区"}, {"兵团", Corps}, {"新疆", "新疆维吾尔自治区"}} {
		if u, ok := UnitNamed(tc.name); !ok || u.Name != tc.want {
			t.Errorf("UnitNamed(%q) = %v, %v; want %s", tc.name, u, ok, tc.want)
		}
	}
	if _, ok := UnitNamed("河北区"); ok {
		t.Error("a district of Tianjin taken for a province")
	}
	if g.English(Corps) != CorpsEnglish || g.English("北京市") != "Beijing" {
		t.Errorf("English names %q, %q", g.English(Corps), g.English("北京市"))
	}
}

// TestEnglishUnique checks that two divisions whose Chinese names differ
// never share an English name (朝阳区 of Beijing and 潮阳区 of Shantou are
// both read Chaoyang), and the names of the two Taizhous.
func TestEnglishUnique(t *testing.T) {
	g := Default()
	seen := map[string]*Division{}
	for _, d := range g.Divisions() {
		if prev, ok := seen[d.English]; ok && prev.Name != d.Name && d.English != "" {
			t.Errorf("%s %s and %s %s are both %q", prev.Code, prev.Name, d.Code, d.Name, d.English)
		}
		seen[d.English] = d
	}
	for code, want := range map[string]string{"321200": "Taizhou City, Jiangsu", "331000": "Taizhou City, Zhejiang", "320106": "Gulou District"} {
		if d, _ := g.Division(code); d == nil || d.English != want {
			t.Errorf("%s is %v, want %q", code, d, want)
		}
	}
}

// TestPrefecturesHavePoints checks that every prefecture-level unit has a
// seat point, and every national-level new area an English name.
func TestPrefecturesHavePoints(t *testing.T) {
	g := Default()
	for _, d := range g.Divisions() {
		if d.Level.Prefectural() && !d.HasPoint {
			t.Errorf("%s %s has no seat point", d.Code, d.Name)
		}
	}
	for _, line := range strings.Split(newAreas, "\n") {
		if f := strings.Split(line, "\t"); len(f) == 4 && !strings.HasPrefix(line, "#") {
			if d := g.Lookup(unitName(t, g, f[0]), f[1]).Division; d == nil || d.English != f[3] || !strings.HasSuffix(d.English, "New Area") {
				t.Errorf("%s: %+v, want the new area %s", f[1], d, f[3])
			}
		}
	}
}

// unitName is the name of the province-level unit of code.
func unitName(t *testing.T, g *Gazetteer, code string) string {
	t.Helper()
	d, ok := g.Division(code)
	if !ok {
		t.Fatalf("no province %s", code)
	}
	return d.Name
}
