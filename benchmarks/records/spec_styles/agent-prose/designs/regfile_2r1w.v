module top_module (
    input clk,
    input reset,
    input we,
    input [2:0] waddr,
    input [7:0] wdata,
    input [2:0] raddr_a,
    output reg [7:0] rdata_a,
    input [2:0] raddr_b,
    output reg [7:0] rdata_b
);

    // Register file
    reg [7:0] registers [0:7];

    // Reset logic
    always @(posedge clk or posedge reset) begin
        if (reset) begin
            for (int i = 0; i < 8; i++) begin
                registers[i] <= 8'h00;
            end
        end else if (we) begin
            registers[waddr] <= wdata;
        end
    end

    // Read logic
    always @(posedge clk) begin
        if (we) begin
            // Bypass logic
            if (waddr == raddr_a || waddr == raddr_b) begin
                rdata_a <= wdata;
                rdata_b <= wdata;
            end else begin
                rdata_a <= registers[raddr_a];
                rdata_b <= registers[raddr_b];
            end
        end else begin
            // Default read logic
            rdata_a <= registers[raddr_a];
            rdata_b <= registers[raddr_b];
        end
    end

endmodule
