// Command mhtml prints the page at the address it is given as Chromium
// saves it as one file (Webpage, single file: MHTML), through the DevTools
// protocol's Page.captureSnapshot. make.sh runs it for page.mhtml.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mhtml URL")
		os.Exit(2)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.NoSandbox, chromedp.Flag("disable-background-networking", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, time.Minute)
	defer cancelT()
	err := chromedp.Do(ctx, chromedp.Navigate(os.Args[1]))
	var snapshot page.CaptureSnapshotResult
	if err == nil {
		snapshot, err = chromedp.Call(ctx, page.CaptureSnapshot, page.CaptureSnapshotParams{Format: page.CaptureSnapshotFormatMhtml})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mhtml:", err)
		os.Exit(1)
	}
	fmt.Print(snapshot.Data)
}
