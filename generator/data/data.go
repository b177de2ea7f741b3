// Package data defines the published tables, one row per designation (an
// area on one batch of one kind of list), and writes them in every
// download format with the metadata that describes the files.
//
// Fields is the data dictionary and the one place that names a column: its
// order, name, type, pattern, description, workbook width and the accessor
// that reads it from a Row. Every writer (CSV, Excel CSV, XLSX, JSON,
// GeoJSON, Parquet, JSON Schema, Table Schema) and the reader of a
// previous table's JSON go through Fields, so a column cannot be added to
// one format and forgotten in another. Where a library needs a struct
// (gocsv's tags, parquet-go's schema), the struct is made from Fields
// (structOf).
//
// Outputs is every file written for a table, as data: {name, file, media
// type, kind, writer}. Write writes all of them for the table of every
// batch (under data/) and for each batch (under data/batch-<n>/), then the
// Data Packages, the DCAT catalog and the checksums, and returns what it
// wrote as Downloads, which the site lists and `pilots serve` takes its
// media types from. Where the files go is a Sink (package publish in a
// build). The only page address it writes is a table's landing page in
// the DCAT catalog, which the table's identity gives (lists.Table.Page).
//
// Every writer is a pure function of its Table: nothing reads the clock,
// and dates in metadata come from the notices, so two builds of the same
// seeds give the same bytes, XLSX included. Writers stream rows to an
// io.Writer, so their memory does not grow with the table beyond the rows
// already held.
package data

import (
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bianmin-data/pilots/generator/lists"
	"github.com/bianmin-data/pilots/generator/notice"
)

// Row is one row of a table: one designation of an area, on a list of
// some kind (a national pilot, a pioneer zone) and batch. Empty strings and
// a nil point are published as empty cells in CSV and null in JSON.
type Row struct {
	Batch        int
	Seq          int
	Province     string
	ProvinceEN   string
	ProvinceCode string
	Area         string
	AreaEN       string
	DivisionCode string
	Level        string
	Point        *Point // approximate seat point; nil when unknown
	Note         string
	IssuedOn     time.Time
	SourceURL    string
	List         *lists.Kind
}

// Point is a seat point: its latitude and longitude in degrees in WGS-84,
// and in GCJ-02, the datum of Chinese web maps it comes in.
type Point struct{ Lat, Lon, GCJLat, GCJLon float64 }

// Batch is one list: its kind and number, the notice that announced it,
// the annex's title and how many rows it has. The notice is the one
// description of where the batch comes from (title, dates, offices,
// addresses, body); the rows are the table's.
type Batch struct {
	Kind   *lists.Kind
	Number int
	Notice *notice.Notice
	Annex  string  // the annex's title, as printed
	Count  int     // its rows
	Stated int     // the count its notice states for it, 0 when none was found
	From   string  // the file it was read from, relative to the seeds folder, and where in it: 2024/附件1.xlsx 名单!A3
	Source *Source // the attachment its list was read from, published beside it; nil for a list in the notice's own text or page
}

// Source is an attachment of a notice that a list was read from, published
// in the site as it was retrieved, so that the list can be checked after
// the ministry's page moves: at SourcePrefix and its path in the seeds
// folder (sources/2023-09-07_20230903438152/P020230907336418960218.docx).
type Source struct {
	Path      string    // the file, to copy into the site
	Rel       string    // its path in the site, slash-separated
	Name      string    // its file name
	Size      int64     // bytes
	SHA256    string    // hex
	Annex     int       // the annex it holds; 0 for a plain 附件
	URL       string    // the address it was fetched from; "" for a file saved by hand
	Retrieved time.Time // when it was fetched (UTC); zero for a file saved by hand
}

// SourcePrefix is the folder of the site that holds the notices' sources.
const SourcePrefix = "sources/"

// Href is the source's address relative to the site's root, each segment
// escaped.
func (s *Source) Href() string {
	parts := strings.Split(s.Rel, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// Table is a set of rows and the batches they come from, and its
// identity (lists.Table): one batch of a kind, every batch of a kind, or
// every designation of every kind. The identity names its files, folder,
// page, dataset and titles.
type Table struct {
	lists.Table
	Catalog *lists.Catalog // every kind of list, of which this table holds some
	Batches []Batch        // sorted by kind, then number
	Rows    []Row          // sorted by kind, batch, then seq
}

// Modified is the publication date of the newest notice of the table: the
// date the data last changed.
func (t *Table) Modified() time.Time {
	var m time.Time
	for _, b := range t.Batches {
		if b.Notice.Published.After(m) {
			m = b.Notice.Published
		}
	}
	return m
}

// Signed is the signing dates of the table's earliest and latest notices.
func (t *Table) Signed() (first, last time.Time) {
	for i, b := range t.Batches {
		if s := b.Notice.Signed; i == 0 || s.Before(first) {
			first = s
		}
		if s := b.Notice.Signed; s.After(last) {
			last = s
		}
	}
	return first, last
}

// Issued is the publication date of the oldest notice of the table.
func (t *Table) Issued() time.Time {
	var m time.Time
	for i, b := range t.Batches {
		if i == 0 || b.Notice.Published.Before(m) {
			m = b.Notice.Published
		}
	}
	return m
}

// Version names the state of the data by the date it last changed
// (calendar versioning: 2023.9.7), so it moves when a batch is added.
func (t *Table) Version() string {
	m := t.Modified()
	return strconv.Itoa(m.Year()) + "." + strconv.Itoa(int(m.Month())) + "." + strconv.Itoa(m.Day())
}

// Licence of the published tables.
const (
	LicenseID    = "CC0-1.0"
	LicenseURL   = "https://creativecommons.org/publicdomain/zero/1.0/"
	LicenseTitle = "Creative Commons Zero v1.0 Universal"
)

// Field is one column of the table, as the data dictionary describes it,
// and how to read it from a Row: the accessor of its type.
type Field struct {
	Name     string
	Type     string // Table Schema type: integer, number, string, date
	Pattern  string // for strings with a fixed shape; "" when free
	Kinds    bool   // its values are the ids of the kinds of list (lists.Catalog)
	Required bool   // never empty
	Min, Max *float64
	TitleZH  string
	TitleEN  string
	DescZH   string
	DescEN   string
	Source   string // where the value comes from, in English
	SourceZH string // the same in Chinese
	Example  string
	Width    float64 // the column's width in the workbook, in characters

	// The accessor of the field's type; the others are nil.
	Int    func(p *Row) int
	Number func(p *Row) (float64, bool) // false when unknown
	String func(p *Row) string          // "" when empty
	Date   func(p *Row) time.Time
}

// PatternIn is the pattern of the field's values, for a table of the
// kinds of list in kinds: Pattern, or for the list column one that
// admits exactly the kinds' ids.
func (f *Field) PatternIn(kinds *lists.Catalog) string {
	if !f.Kinds {
		return f.Pattern
	}
	ids := kinds.IDs()
	for i := range ids {
		ids[i] = regexp.QuoteMeta(ids[i])
	}
	return "^(" + strings.Join(ids, "|") + ")$"
}

// Desc is the field's description in lang (zh or en), for a table of the
// kinds of list in kinds: for the list column, what each kind's id means.
func (f *Field) Desc(lang string, kinds *lists.Catalog) string {
	desc := f.DescEN
	if lang == "zh" {
		desc = f.DescZH
	}
	if !f.Kinds {
		return desc
	}
	var each []string
	for _, k := range kinds.Kinds {
		if lang == "zh" {
			each = append(each, k.ID+" 为"+k.ZH.Programme)
		} else {
			each = append(each, k.ID+" ("+k.EN.Programme+")")
		}
	}
	if lang == "zh" {
		return desc + "：" + strings.Join(each, "，") + "。"
	}
	return desc + ": " + strings.Join(each, ", ") + "."
}

// Text is the field's value in p as the CSV has it: "" when empty.
func (f *Field) Text(p *Row) string {
	switch {
	case f.Int != nil:
		return strconv.Itoa(f.Int(p))
	case f.Number != nil:
		if v, ok := f.Number(p); ok {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return ""
	case f.Date != nil:
		return f.Date(p).Format(Date)
	default:
		return f.String(p)
	}
}

func bound(f float64) *float64 { return &f }

// coordinate is the accessor of one coordinate of a pilot's seat point.
func coordinate(of func(Point) float64) func(*Row) (float64, bool) {
	return func(p *Row) (float64, bool) {
		if p.Point == nil {
			return 0, false
		}
		return of(*p.Point), true
	}
}

// Fields is the data dictionary, in column order.
var Fields = []Field{
	{Name: "batch", Type: "integer", Required: true, Min: bound(1), TitleZH: "批次", TitleEN: "Batch",
		DescZH: "名单的批次：首批、第一批为 1，第二批为 2，依此类推；各类名单分别编号。", DescEN: "Batch number within its list: 首批 (first) is 1, 第二批 2, and so on; each kind of list numbers its own batches.",
		Source: "the notice's title", SourceZH: "附件或通知的标题", Example: "3",
		Width: 7, Int: func(p *Row) int { return p.Batch }},
	{Name: "seq", Type: "integer", Required: true, Min: bound(1), TitleZH: "序号", TitleEN: "Sequence number",
		DescZH: "名单中的序号。", DescEN: "Row number in the notice's list.",
		Source: "the annex's 序号 column", SourceZH: "附件的序号列", Example: "1",
		Width: 6, Int: func(p *Row) int { return p.Seq }},
	{Name: "province", Type: "string", Required: true, TitleZH: "省（区、市）、兵团", TitleEN: "Province",
		DescZH: "省级行政区或新疆生产建设兵团，合并单元格中省略的名称已向下补齐。", DescEN: "Province-level unit, or the Xinjiang Production and Construction Corps; carried down over merged cells.",
		Source: "the annex, carried down where a row omits it", SourceZH: "附件；合并单元格省略处向下补齐", Example: "北京市",
		Width: 18, String: func(p *Row) string { return p.Province }},
	{Name: "province_en", Type: "string", TitleZH: "省份英文名", TitleEN: "Province (English)",
		DescZH: "省级行政区的官方英文名。", DescEN: "Official English name of the province-level unit.",
		Source: "gazetteer", SourceZH: "地名表", Example: "Beijing",
		Width: 16, String: func(p *Row) string { return p.ProvinceEN }},
	{Name: "province_code", Type: "string", Pattern: `^[1-6][0-9]0000$`, TitleZH: "省级区划代码", TitleEN: "Province code",
		DescZH: "省级行政区划代码（国家统计局 2023 年版）；兵团城市编在新疆（650000）之下。", DescEN: "6-digit province code (National Bureau of Statistics, 2023); the Corps' cities are numbered under Xinjiang (650000).",
		Source: "gazetteer", SourceZH: "地名表", Example: "110000",
		Width: 14, String: func(p *Row) string { return p.ProvinceCode }},
	{Name: "area", Type: "string", Required: true, TitleZH: "地区", TitleEN: "Area",
		DescZH: "入选地区的名称，照通知原文。", DescEN: "The area as printed in the notice.",
		Source: "the annex", SourceZH: "附件", Example: "朝阳区",
		Width: 20, String: func(p *Row) string { return p.Area }},
	{Name: "area_en", Type: "string", TitleZH: "地区英文名", TitleEN: "Area (English)",
		DescZH: "地名的汉语拼音加类别词；少数民族语地名用通行的官方英文名。中文不同而拼音相同的地名，在逗号后加省名（泰州市为 Taizhou City, Jiangsu，台州市为 Taizhou City, Zhejiang），同省者再加地级名，使英文名与中文名一一对应。", DescEN: "Hanyu Pinyin of the place name plus its type word; names of minority-language origin use their official exonyms. Where areas of different Chinese names share a reading, each gets its province after a comma (Taizhou City, Jiangsu for 泰州市; Taizhou City, Zhejiang for 台州市), and its prefecture too when both are in one province, so that the English differs where the Chinese does.",
		Source: "gazetteer (readings and curated exonyms)", SourceZH: "地名表（读音与人工整理的外文名）", Example: "Chaoyang District",
		Width: 40, String: func(p *Row) string { return p.AreaEN }},
	{Name: "division_code", Type: "string", Pattern: `^[1-6][0-9]{5}$`, TitleZH: "区划代码", TitleEN: "Division code",
		DescZH: "地区的 6 位行政区划代码；无代码的地区（如国家级新区）为空。", DescEN: "6-digit division code of the area; empty for an area that has none (such as a state-level new area).",
		Source: "gazetteer", SourceZH: "地名表", Example: "110105",
		Width: 14, String: func(p *Row) string { return p.DivisionCode }},
	{Name: "level", Type: "string", Pattern: `^(prefecture_city|autonomous_prefecture|league|region|district|county_city|county|new_area|corps_city)$`,
		TitleZH: "层级", TitleEN: "Level",
		DescZH: "区划层级：prefecture_city 地级市，autonomous_prefecture 自治州，league 盟，region 地区，district 市辖区，county_city 县级市，county 县、旗等，new_area 新区，corps_city 兵团城市。",
		DescEN: "Division level: prefecture_city, autonomous_prefecture, league, region (地区), district, county_city, county (also banners), new_area, corps_city.",
		Source: "gazetteer, from the code and the name", SourceZH: "地名表，据代码和名称", Example: "district",
		Width: 22, String: func(p *Row) string { return p.Level }},
	{Name: "latitude", Type: "number", Min: bound(-90), Max: bound(90), TitleZH: "纬度", TitleEN: "Latitude",
		DescZH: "政府驻地的纬度（度），WGS-84 坐标（GPS、GeoJSON 和 GIS 软件所用），由 GCJ-02 坐标经公开算法的迭代逆变换换算，误差远小于 1 米；未知时为空。", DescEN: "Latitude of the seat, in degrees, in WGS-84 (what GPS, GeoJSON and GIS tools use), converted from the GCJ-02 seat point by iterating the inverse of the public GCJ-02 formula, to well under a metre; empty when unknown.",
		Source: "gazetteer (Apache ECharts 4.9 seat points, GCJ-02), converted", SourceZH: "地名表（Apache ECharts 4.9 驻地点位，GCJ-02），经换算", Example: "39.920209",
		Width: 11, Number: coordinate(func(pt Point) float64 { return pt.Lat })},
	{Name: "longitude", Type: "number", Min: bound(-180), Max: bound(180), TitleZH: "经度", TitleEN: "Longitude",
		DescZH: "政府驻地的经度（度），WGS-84 坐标，说明同纬度；未知时为空。", DescEN: "Longitude of the seat, in degrees, in WGS-84, as latitude; empty when unknown.",
		Source: "gazetteer (Apache ECharts 4.9 seat points, GCJ-02), converted", SourceZH: "地名表（Apache ECharts 4.9 驻地点位，GCJ-02），经换算", Example: "116.480327",
		Width: 11, Number: coordinate(func(pt Point) float64 { return pt.Lon })},
	{Name: "note", Type: "string", TitleZH: "备注", TitleEN: "Note",
		DescZH: "名单的备注栏（如计划单列市），无则为空。", DescEN: "The list's 备注 (note) column, such as 计划单列市 (city with independent planning status); empty when none.",
		Source: "the annex's 备注 column", SourceZH: "附件的备注列", Example: "计划单列市",
		Width: 14, String: func(p *Row) string { return p.Note }},
	{Name: "issued_on", Type: "date", Required: true, Pattern: `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, TitleZH: "发文日期", TitleEN: "Issued on",
		DescZH: "通知落款日期。", DescEN: "The date that signs the notice.",
		Source: "the notice's signature", SourceZH: "通知落款", Example: "2023-08-31",
		Width: 12, Date: func(p *Row) time.Time { return p.IssuedOn }},
	{Name: "source_url", Type: "string", Required: true, Pattern: `^https?://\S+$`, TitleZH: "来源网址", TitleEN: "Source URL",
		DescZH: "通知的原始网址。", DescEN: "Original address of the notice.",
		Source: "the seed's input_url, without the archive stamp", SourceZH: "通知的原始网址", Example: "http://www.mofcom.gov.cn/article/zwgk/gkgztz/202309/20230903438152.shtml",
		Width: 60, String: func(p *Row) string { return p.SourceURL }},
	{Name: "list", Type: "string", Required: true, Kinds: true, TitleZH: "名单类别", TitleEN: "List",
		DescZH: "名单类别，与 batch、seq 一起唯一确定一行",
		DescEN: "Which list the row is on; with batch and seq it identifies the row",
		Source: "the annex's title", SourceZH: "附件标题", Example: "pilot",
		Width: 14, String: func(p *Row) string { return p.List.ID }},
	{Name: "gcj02_latitude", Type: "number", Min: bound(-90), Max: bound(90), TitleZH: "纬度（GCJ-02）", TitleEN: "Latitude (GCJ-02)",
		DescZH: "政府驻地的纬度（度），GCJ-02 坐标，即高德、腾讯等国内网络地图所用坐标，与 WGS-84 相差数十至数百米；未知时为空。", DescEN: "Latitude of the seat, in degrees, in GCJ-02, the datum of Chinese web maps (AMap, Tencent), tens to hundreds of metres from WGS-84; empty when unknown.",
		Source: "gazetteer (Apache ECharts 4.9 seat points)", SourceZH: "地名表（Apache ECharts 4.9 驻地点位）", Example: "39.921489",
		Width: 14, Number: coordinate(func(pt Point) float64 { return pt.GCJLat })},
	{Name: "gcj02_longitude", Type: "number", Min: bound(-180), Max: bound(180), TitleZH: "经度（GCJ-02）", TitleEN: "Longitude (GCJ-02)",
		DescZH: "政府驻地的经度（度），GCJ-02 坐标，说明同上；未知时为空。", DescEN: "Longitude of the seat, in degrees, in GCJ-02, as gcj02_latitude; empty when unknown.",
		Source: "gazetteer (Apache ECharts 4.9 seat points)", SourceZH: "地名表（Apache ECharts 4.9 驻地点位）", Example: "116.486409",
		Width: 14, Number: coordinate(func(pt Point) float64 { return pt.GCJLon })},
}

// structOf makes a struct type of one exported field per column of
// Fields, in order, each of the type and with the tag that typeOf gives
// it: the one declaration of the columns, as a library that marshals
// structs (gocsv, parquet-go) wants it.
func structOf(typeOf func(f *Field) (reflect.Type, string)) reflect.Type {
	fields := make([]reflect.StructField, len(Fields))
	for i := range Fields {
		typ, tag := typeOf(&Fields[i])
		fields[i] = reflect.StructField{Name: "F" + strconv.Itoa(i), Type: typ, Tag: reflect.StructTag(tag)}
	}
	return reflect.StructOf(fields)
}

// Date is the layout of every date in the outputs.
const Date = "2006-01-02"

// Values returns the row's cells in Fields order, as text, as the CSV has
// them; empty cells are "".
func (p *Row) Values() []string {
	v := make([]string, len(Fields))
	for i := range Fields {
		v[i] = Fields[i].Text(p)
	}
	return v
}
